// Accuracy of the quality gate on the labelled fixture set (fixtures.hpp): verdict accuracy,
// recall per reason, false rejects of good captures, and corner accuracy (IoU with the true
// quadrilateral). The figures are printed; the assertions hold the calibration in place.
// ANJUNGAN_FIXTURE_DIR=DIR also writes every fixture there as PNG, for looking at.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <opencv2/imgcodecs.hpp>

#include "anjungan/vision/gate.hpp"
#include "fixtures.hpp"

namespace anjungan::vision {
namespace {

struct Tally {
    int n = 0, hit = 0;
    double rate() const { return n ? static_cast<double>(hit) / n : 1.0; }
};

TEST(QualityGateAccuracy, MeetsItsCalibrationOnTheLabelledSet) {
    const auto set = test::labelled_set(7);
    ASSERT_GE(set.size(), 150u);
    const char* dump = std::getenv("ANJUNGAN_FIXTURE_DIR");
    const Thresholds t;
    Tally verdicts, good, iou_ok;
    double iou_sum = 0;
    std::map<std::string, Tally> recall;
    std::map<std::string, Tally> per_kind;
    std::vector<std::string> misses;
    for (const auto& f : set) {
        const Verdict v = check_capture(f.kind, f.image, t, &test::face_model());
        const bool want_ok = !f.expected.has_value();
        const bool right = v.ok() == want_ok && (want_ok || v.has(*f.expected));
        verdicts.n++;
        verdicts.hit += right ? 1 : 0;
        per_kind[std::string(to_code(f.kind))].n++;
        per_kind[std::string(to_code(f.kind))].hit += right ? 1 : 0;
        if (want_ok) {
            good.n++;
            good.hit += v.ok() ? 0 : 1;  // counts false rejects
        } else {
            auto& r = recall[std::string(to_code(*f.expected))];
            r.n++;
            r.hit += v.has(*f.expected) ? 1 : 0;
        }
        if (f.truth && v.corners && f.kind != Kind::kSelfie) {
            const double iou = quad_iou(*f.truth, *v.corners);
            iou_sum += iou;
            iou_ok.n++;
            iou_ok.hit += iou >= 0.9 ? 1 : 0;
        } else if (f.truth && f.kind != Kind::kSelfie) {
            iou_ok.n++;  // a whole document that was not found counts as a corner miss
        }
        if (!right) {
            std::string got;
            for (auto r : v.reasons) {
                got += std::string(to_code(r)) + " ";
            }
            misses.push_back(f.name + ": got [" + got + "]");
        }
        if (dump) {
            std::filesystem::path p = std::filesystem::path(dump) / (f.name + ".jpg");
            std::filesystem::create_directories(p.parent_path());
            cv::imwrite(p.string(), f.image);
        }
    }
    std::printf("quality gate on %d labelled images:\n", verdicts.n);
    std::printf("  verdict accuracy      %5.1f %%\n", 100 * verdicts.rate());
    for (const auto& [kind, tally] : per_kind) {
        std::printf("    %-8s           %5.1f %% of %d\n", kind.c_str(), 100 * tally.rate(),
                    tally.n);
    }
    std::printf("  false rejects (good)  %5.1f %% of %d\n", 100 * good.rate(), good.n);
    for (const auto& [reason, tally] : recall) {
        std::printf("  recall %-15s %5.1f %% of %d\n", reason.c_str(), 100 * tally.rate(), tally.n);
    }
    std::printf("  corners IoU >= 0.9    %5.1f %% of %d, mean IoU %.3f\n", 100 * iou_ok.rate(),
                iou_ok.n, iou_ok.n ? iou_sum / iou_ok.n : 0.0);
    for (const auto& m : misses) {
        std::printf("  miss: %s\n", m.c_str());
    }
    EXPECT_GE(verdicts.rate(), 0.90);
    EXPECT_LE(good.rate(), 0.10);
    for (const auto& [reason, tally] : recall) {
        EXPECT_GE(tally.rate(), 0.70) << reason;
    }
    EXPECT_GE(iou_ok.rate(), 0.90);
}

}  // namespace
}  // namespace anjungan::vision
