// Background work with one shape: a task runs one job on its own thread and is polled from the
// thread that owns it (the session's, the UI's), never waited on in a frame unless that thread
// must stop. A job may report its progress (0..1) for a progress bar.
//
//   Task<ScanResult> scan;
//   scan.start("scan", [&] { return scanner.scan(req); });
//   ... every frame:  if (scan.ready()) { auto r = scan.take(); ... }
#pragma once

#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

namespace anjungan::platform {

// What a job may tell about itself while it runs; read from any thread.
class TaskProgress {
  public:
    void set(double fraction) { fraction_.store(fraction, std::memory_order_relaxed); }
    double get() const { return fraction_.load(std::memory_order_relaxed); }

  private:
    std::atomic<double> fraction_{0};
};

template <class T>
class Task {
  public:
    Task() = default;
    ~Task() { wait(); }
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;

    // Starts `job` (callable as job() or job(TaskProgress&)) on a new thread. A task runs one job
    // at a time: the caller checks `idle()` first.
    template <class F>
    void start(std::string name, F job) {
        name_ = std::move(name);
        progress_ = std::make_shared<TaskProgress>();
        if constexpr (std::is_invocable_v<F, TaskProgress&>) {
            future_ = std::async(std::launch::async, [job = std::move(job),
                                                      p = progress_]() mutable { return job(*p); });
        } else {
            future_ = std::async(std::launch::async, std::move(job));
        }
    }

    // Nothing started, or its result already taken.
    bool idle() const { return !future_.valid(); }
    // Started and not taken yet (running, or finished and waiting to be taken).
    bool busy() const { return future_.valid(); }
    // Finished: take() returns at once.
    bool ready() const {
        return future_.valid() &&
               future_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    }
    // The job's result, or what it threw; the task is idle afterwards.
    T take() {
        auto f = std::move(future_);
        future_ = {};
        return f.get();
    }
    // Waits for a running job and drops its result (for shutting down).
    void wait() {
        if (future_.valid()) {
            future_.wait();
        }
    }
    void drop() {
        wait();
        future_ = {};
    }
    const std::string& name() const { return name_; }
    double progress() const { return progress_ ? progress_->get() : 0.0; }

  private:
    std::string name_;
    std::shared_ptr<TaskProgress> progress_;
    std::future<T> future_;
};

}  // namespace anjungan::platform
