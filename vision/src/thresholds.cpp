// The overridable thresholds by name, for the [vision] section of the configuration.
#include "anjungan/vision/thresholds.hpp"

namespace anjungan::vision {

std::vector<std::string> threshold_names() {
    return {"ktp_min_long_side_px",
            "ktp_aspect_tolerance",
            "min_area_fraction",
            "border_margin_fraction",
            "page_min_dpi",
            "page_aspect_tolerance",
            "scan_aspect_tolerance",
            "ktp_blur_bad",
            "ktp_blur_good",
            "page_blur_bad",
            "page_blur_good",
            "face_blur_bad",
            "face_blur_good",
            "dark_mean",
            "bright_mean",
            "page_paper_dark",
            "page_ink_bright",
            "glare_level",
            "glare_area_bad",
            "glare_text_area_bad",
            "colourfulness_min",
            "face_min_width_fraction",
            "face_centre_tolerance",
            "face_confirm_frames",
            "face_full_scan_every",
            "stable_iou",
            "stable_ms",
            "face_stable_iou",
            "capture_width",
            "preview_width",
            "face_capture_width",
            "face_preview_width"};
}

bool set_threshold(Thresholds& t, const std::string& name, double v) {
#define ANJ_DOUBLE(field) \
    if (name == #field) { \
        t.field = v;      \
        return true;      \
    }
#define ANJ_INT(field)                 \
    if (name == #field) {              \
        t.field = static_cast<int>(v); \
        return true;                   \
    }
    ANJ_DOUBLE(ktp_min_long_side_px)
    ANJ_DOUBLE(ktp_aspect_tolerance)
    ANJ_DOUBLE(min_area_fraction)
    ANJ_DOUBLE(border_margin_fraction)
    ANJ_DOUBLE(page_min_dpi)
    ANJ_DOUBLE(page_aspect_tolerance)
    ANJ_DOUBLE(scan_aspect_tolerance)
    ANJ_DOUBLE(ktp_blur_bad)
    ANJ_DOUBLE(ktp_blur_good)
    ANJ_DOUBLE(page_blur_bad)
    ANJ_DOUBLE(page_blur_good)
    ANJ_DOUBLE(face_blur_bad)
    ANJ_DOUBLE(face_blur_good)
    ANJ_DOUBLE(dark_mean)
    ANJ_DOUBLE(bright_mean)
    ANJ_DOUBLE(page_paper_dark)
    ANJ_DOUBLE(page_ink_bright)
    ANJ_INT(glare_level)
    ANJ_DOUBLE(glare_area_bad)
    ANJ_DOUBLE(glare_text_area_bad)
    ANJ_DOUBLE(colourfulness_min)
    ANJ_DOUBLE(face_min_width_fraction)
    ANJ_DOUBLE(face_centre_tolerance)
    ANJ_INT(face_confirm_frames)
    ANJ_INT(face_full_scan_every)
    ANJ_DOUBLE(stable_iou)
    ANJ_DOUBLE(stable_ms)
    ANJ_DOUBLE(face_stable_iou)
    ANJ_DOUBLE(capture_width)
    ANJ_INT(preview_width)
    ANJ_INT(face_capture_width)
    ANJ_INT(face_preview_width)
#undef ANJ_DOUBLE
#undef ANJ_INT
    return false;
}

}  // namespace anjungan::vision
