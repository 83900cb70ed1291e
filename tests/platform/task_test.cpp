// platform::Task: one job on its own thread, polled by its owner; results, errors and progress.
#include "anjungan/platform/task.hpp"

#include <gtest/gtest.h>

#include <future>
#include <stdexcept>
#include <string>

namespace anjungan::platform {
namespace {

TEST(TaskTest, RunsOneJobAndHandsOverItsResultOnce) {
    Task<std::string> task;
    EXPECT_TRUE(task.idle());
    EXPECT_FALSE(task.ready());
    std::promise<void> go;
    auto gate = go.get_future().share();
    task.start("greet", [gate](TaskProgress& p) {
        p.set(0.5);
        gate.wait();  // the test decides when the job may finish
        p.set(1.0);
        return std::string("selesai");
    });
    EXPECT_TRUE(task.busy());
    EXPECT_EQ(task.name(), "greet");
    EXPECT_FALSE(task.ready());  // still waiting on the gate
    go.set_value();
    task.wait();
    EXPECT_TRUE(task.ready());
    EXPECT_DOUBLE_EQ(task.progress(), 1.0);
    EXPECT_EQ(task.take(), "selesai");
    EXPECT_TRUE(task.idle());
    EXPECT_FALSE(task.ready());
}

TEST(TaskTest, AJobsErrorReachesTheOwnerWhenItTakesTheResult) {
    Task<int> task;
    task.start("fail", []() -> int { throw std::runtime_error("scanner jammed"); });
    task.wait();
    ASSERT_TRUE(task.ready());
    try {
        task.take();
        FAIL() << "take() should rethrow the job's error";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "scanner jammed");
    }
    EXPECT_TRUE(task.idle());
}

TEST(TaskTest, DropWaitsForTheJobAndForgetsItsResult) {
    Task<void> task;
    bool ran = false;
    task.start("side effect", [&ran] { ran = true; });
    task.drop();
    EXPECT_TRUE(ran);
    EXPECT_TRUE(task.idle());
    task.drop();  // nothing running: nothing to do
    EXPECT_TRUE(task.idle());
}

}  // namespace
}  // namespace anjungan::platform
