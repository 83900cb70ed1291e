// Scanned documents (the SK and the application letter): one page per scan on a worker, each
// page checked and rectified, pages removed, faults explained.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "internal.hpp"
#include "texts.hpp"

namespace anjungan::kiosk {

using namespace detail;

void Session::apply_scan(const Intent& in) {
    using K = Intent::Kind;
    const Screen s = view_.screen;
    const domain::DocumentKind kind = document_of(s);
    if (in.kind == K::kScanPage && scan_.idle()) {
        drivers::ScanRequest req;
        req.dpi = policy_.scan_dpi;
        req.use_feeder = false;
        req.max_pages = 1;
        view_.capture.scanning = true;
        view_.message = {};
        scan_.start("scan", [&scanner = dev_.scanner, req] { return scanner.scan(req); });
    } else if (in.kind == K::kRemovePage) {
        const int n = in.page;
        if (docs_.remove_page(kind, n)) {
            view_.capture.pages.erase(view_.capture.pages.begin() + (n - 1));
            if (docs_.pages(kind).empty()) {
                std::erase(view_.captured, kind);
            }
        }
    } else if (in.kind == K::kNext && scan_.idle()) {
        if (docs_.pages(kind).empty()) {
            view_.message = texts::scan_at_least_one_page();
        } else {
            go(next_of(s));
        }
    } else if (in.kind == K::kBack && scan_.idle()) {
        go(back_of(s));
    }
}

void Session::scan_tick() {
    if (!scan_.ready()) {
        return;
    }
    const drivers::ScanResult r = scan_.take();
    view_.capture.scanning = false;
    if (!r.ok()) {
        spdlog::warn("scan failed: {} ({})", drivers::to_code(r.fault), r.detail);
        if (r.fault == drivers::ScanFault::kNoScanner) {
            fail_device(FaultDevice::kScanner, r.detail);
        } else if (r.fault == drivers::ScanFault::kJammed) {
            fault_return_ = view_.screen;
            go(Screen::kNeedHelp);
            view_.message = texts::scan_fault(r.fault, r.detail);
        } else {
            view_.message = texts::scan_fault(r.fault, r.detail);
        }
        return;
    }
    for (const auto& page : r.pages) {
        accept_page(view_.capture.kind, page.image);
    }
}

void Session::accept_page(domain::DocumentKind kind, const cv::Mat& image) {
    const vision::Kind vk = vision_kind(kind);
    cv::Mat bgr = image;
    if (image.channels() == 1) {
        cv::cvtColor(image, bgr, cv::COLOR_GRAY2BGR);
    }
    const auto v = thrown_if_not_assessed(vision::check_capture(vk, bgr, thresholds_));
    view_.capture.verdict = v;
    if (!v.ok()) {
        refuse(v);
        return;
    }
    cv::Mat page = v.corners ? vision::rectify(vk, bgr, *v.corners) : bgr;
    const std::size_t pages = docs_.add_page(kind, page);
    view_.capture.pages.push_back(page);
    if (std::find(view_.captured.begin(), view_.captured.end(), kind) == view_.captured.end()) {
        view_.captured.push_back(kind);
    }
    view_.capture.guidance = texts::page_accepted(pages);
}

}  // namespace anjungan::kiosk
