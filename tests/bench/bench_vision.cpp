// The quality gate's speed: the preview path (every camera frame) and the capture path, on
// 720p and 1080p frames, single-threaded. Targets (issue 3): preview under 4 ms per 720p frame
// for the KTP and under 6 ms for the selfie; capture under 50 ms.
#include <benchmark/benchmark.h>

#include <opencv2/core.hpp>

#include "anjungan/vision/export.hpp"
#include "anjungan/vision/gate.hpp"
#include "fixtures.hpp"

namespace {

using namespace anjungan;

cv::Size size_of(const benchmark::State& state) {
    return state.range(0) == 720 ? cv::Size(1280, 720) : cv::Size(1920, 1080);
}

void BM_PreviewKtp(benchmark::State& state) {
    const cv::Mat frame = test::ktp_frame(size_of(state));
    vision::PreviewGate gate(vision::Kind::kKtp, {});
    double t = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(gate.process(frame, t += 33));
    }
}
BENCHMARK(BM_PreviewKtp)->Arg(720)->Arg(1080)->Unit(benchmark::kMillisecond);

void BM_PreviewSelfie(benchmark::State& state) {
    const cv::Mat frame = test::selfie_frame(size_of(state));
    vision::PreviewGate gate(vision::Kind::kSelfie, {}, &test::face_model());
    double t = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(gate.process(frame, t += 33));
    }
}
BENCHMARK(BM_PreviewSelfie)->Arg(720)->Arg(1080)->Unit(benchmark::kMillisecond);

void BM_CaptureKtp(benchmark::State& state) {
    const cv::Mat frame = test::ktp_frame(size_of(state));
    for (auto _ : state) {
        const auto v = vision::check_capture(vision::Kind::kKtp, frame, {});
        benchmark::DoNotOptimize(vision::rectify(vision::Kind::kKtp, frame, *v.corners));
    }
}
BENCHMARK(BM_CaptureKtp)->Arg(720)->Arg(1080)->Unit(benchmark::kMillisecond);

void BM_CaptureSelfie(benchmark::State& state) {
    const cv::Mat frame = test::selfie_frame(size_of(state));
    for (auto _ : state) {
        benchmark::DoNotOptimize(
            vision::check_capture(vision::Kind::kSelfie, frame, {}, &test::face_model()));
    }
}
BENCHMARK(BM_CaptureSelfie)->Arg(720)->Arg(1080)->Unit(benchmark::kMillisecond);

void BM_ExportKtpJpeg(benchmark::State& state) {
    const cv::Mat frame = test::ktp_frame(cv::Size(1920, 1080));
    const auto v = vision::check_capture(vision::Kind::kKtp, frame, {});
    const cv::Mat card = vision::rectify(vision::Kind::kKtp, frame, *v.corners);
    for (auto _ : state) {
        benchmark::DoNotOptimize(vision::encode_jpeg_within(card, 300 * 1024));
    }
}
BENCHMARK(BM_ExportKtpJpeg)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
    cv::setNumThreads(1);  // the targets are single-threaded
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
