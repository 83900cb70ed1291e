// Every threshold of the quality gate, with its unit, default and where the default comes from.
// The kiosk's configuration may override any of them ([vision] in the TOML file, same names).
//
// "measured" means: calibrated on the labelled fixture set of tests/vision (synthetic cards and
// pages with controlled defects, plus real photos from opencv-doc and python3-skimage); the
// accuracy test there fails when a change breaks that calibration.
#pragma once

#include <string>
#include <vector>

namespace anjungan::vision {

struct Thresholds {
    // ---- geometry --------------------------------------------------------------------------
    // ID-1 card: 85.6 x 54 mm (ISO/IEC 7810). 300 dpi is 1011 x 638 px.
    double ktp_min_long_side_px = 860;   // px at capture resolution; 0.85 x 1011 (~255 dpi),
                                         // "about 300 dpi" (issue 3), upsampled at rectification
    double ktp_aspect_tolerance = 0.18;  // |measured/1.585 - 1|, perspective allowance (measured)
    double min_area_fraction = 0.04;     // a candidate below this share of the frame is ignored
    double border_margin_fraction = 0.004;  // corners closer to the frame edge count as cropped
    // A4 page: 210 x 297 mm.
    double page_min_dpi = 150;            // effective dpi below which: low_resolution (issue 3)
    double page_aspect_tolerance = 0.10;  // |measured/1.414 - 1| of a photographed page
    double scan_aspect_tolerance = 0.03;  // an image this close to A4 is taken as a scan

    // ---- sharpness: re-blur ratio (Crete-Roffet et al. 2007), 0 sharp .. 1 fully blurred ------
    double ktp_blur_bad = 0.36, ktp_blur_good = 0.28;    // on the rectified card (measured:
                                                         // sharp cards 0.23-0.26, sigma 2.6+
                                                         // blur 0.43 and up)
    double page_blur_bad = 0.50, page_blur_good = 0.30;  // on the rectified page (measured)
    double face_blur_bad = 0.55, face_blur_good = 0.35;  // on the face box (measured)

    // ---- exposure: mean luminance 0..255 of the document or face -----------------------------
    double dark_mean = 70;         // below: too_dark
    double bright_mean = 225;      // above: too_bright
    double page_paper_dark = 140;  // page: the paper (90th percentile) below this is too_dark
    double page_ink_bright = 190;  // page: the ink (1st percentile) above this is too_bright

    // ---- glare: specular highlights on the card --------------------------------------------
    int glare_level = 248;               // a pixel whose min(R,G,B) is at least this is specular
    double glare_area_bad = 0.015;       // share of the card (measured)
    double glare_text_area_bad = 0.004;  // share of the text zone (left 65 % of the card)

    // ---- colour: Hasler & Suesstrunk (2003) colourfulness of the card ----------------------
    double colourfulness_min = 9;  // below: greyscale (a photocopy); a blue KTP scores 20-40

    // ---- faces -------------------------------------------------------------------------------
    double face_min_width_fraction = 0.18;  // face box width / image width (measured on kiosk
                                            // framing at 60 cm); below: face_too_small
    double face_centre_tolerance = 0.15;    // |centre offset| / image size, each axis
    int face_confirm_frames = 3;            // consecutive preview frames a face must persist
    int face_full_scan_every = 15;          // preview frames between whole-frame face scans
                                            // (0.5 s at 30 fps: a second person shows up by then)

    // ---- auto-capture ------------------------------------------------------------------------
    double stable_iou = 0.95;       // corners of consecutive frames overlap at least this much
    double stable_ms = 500;         // for this long (issue 3: "about half a second")
    double face_stable_iou = 0.80;  // face boxes jitter more than card corners (measured)

    // ---- preview path --------------------------------------------------------------------------
    // The width of the still the capture path will take (a camera often previews at 720p and
    // captures at 1080p); the preview judges "too small" for that still. 0: the frame's width.
    double capture_width = 1920;
    int preview_width = 400;       // frames are downscaled to this width first (measured: corners
                                   // stay within IoU 0.95 of the full-resolution ones)
    int face_capture_width = 400;  // width for the face scan of a captured still (measured:
                                   // every fixture face found, 45 ms a still)
    int face_preview_width = 256;  // width for a whole-frame face scan on the preview path
};

// The names of the overridable thresholds (for configuration), with a setter per name.
std::vector<std::string> threshold_names();
// Sets one threshold by name; false when the name is unknown.
bool set_threshold(Thresholds& t, const std::string& name, double value);

}  // namespace anjungan::vision
