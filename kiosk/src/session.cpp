#include "anjungan/kiosk/session.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <stdexcept>
#include <thread>

#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/kiosk/capture.hpp"
#include "anjungan/vision/export.hpp"

namespace anjungan::kiosk {

namespace {

constexpr std::size_t kJpegBudget = 300'000;  // BSrE: KTP and selfie as JPEG <= 300 KB
constexpr std::size_t kPdfBudget = 500'000;   // BSrE: letters as PDF <= 500 KB

struct ScreenInfo {
    Screen screen;
    std::string_view code;
    int step;  // on the applicant's path; 0 elsewhere
};

constexpr std::array kScreens{
    ScreenInfo{Screen::kAttract, "attract", 0},
    ScreenInfo{Screen::kLanguage, "language", 1},
    ScreenInfo{Screen::kConsent, "consent", 2},
    ScreenInfo{Screen::kIdentity, "identity", 3},
    ScreenInfo{Screen::kContact, "contact", 4},
    ScreenInfo{Screen::kWork, "work", 5},
    ScreenInfo{Screen::kCaptureKtp, "capture_ktp", 6},
    ScreenInfo{Screen::kCaptureSk, "capture_sk", 7},
    ScreenInfo{Screen::kCaptureLetter, "capture_letter", 8},
    ScreenInfo{Screen::kCaptureSelfie, "capture_selfie", 9},
    ScreenInfo{Screen::kReview, "review", 10},
    ScreenInfo{Screen::kReceipt, "receipt", 0},
    ScreenInfo{Screen::kDone, "done", 0},
    ScreenInfo{Screen::kDuplicate, "duplicate", 0},
    ScreenInfo{Screen::kNeedHelp, "need_help", 0},
    ScreenInfo{Screen::kDeviceFault, "device_fault", 0},
    ScreenInfo{Screen::kStatusLookup, "status_lookup", 0},
    ScreenInfo{Screen::kStatusResult, "status_result", 0},
    ScreenInfo{Screen::kOutOfService, "out_of_service", 0},
    ScreenInfo{Screen::kAdminPin, "admin_pin", 0},
    ScreenInfo{Screen::kAdmin, "admin", 0},
};

constexpr std::array<std::pair<Intent::Kind, std::string_view>, 24> kIntents{{
    {Intent::Kind::kTouch, "touch"},
    {Intent::Kind::kStart, "start"},
    {Intent::Kind::kLanguage, "language"},
    {Intent::Kind::kAccept, "accept"},
    {Intent::Kind::kDecline, "decline"},
    {Intent::Kind::kSetField, "set_field"},
    {Intent::Kind::kNext, "next"},
    {Intent::Kind::kBack, "back"},
    {Intent::Kind::kCancel, "cancel"},
    {Intent::Kind::kConfirm, "confirm"},
    {Intent::Kind::kShutter, "shutter"},
    {Intent::Kind::kScanPage, "scan_page"},
    {Intent::Kind::kRemovePage, "remove_page"},
    {Intent::Kind::kRetake, "retake"},
    {Intent::Kind::kEdit, "edit"},
    {Intent::Kind::kSubmit, "submit"},
    {Intent::Kind::kStillHere, "still_here"},
    {Intent::Kind::kStatusLookup, "status_lookup"},
    {Intent::Kind::kTypeReceipt, "type_receipt"},
    {Intent::Kind::kRetry, "retry"},
    {Intent::Kind::kFinish, "finish"},
    {Intent::Kind::kAdminGesture, "admin_gesture"},
    {Intent::Kind::kAdminPin, "admin_pin"},
    {Intent::Kind::kAdminAction, "admin_action"},
}};

const std::vector<std::string>& fields_of(Screen s) {
    static const std::vector<std::string> identity{
        "full_name", "certificate_name", "nik", "employment", "nip", "sex"};
    static const std::vector<std::string> contact{"email", "phone"};
    static const std::vector<std::string> work{"work_unit", "position", "office_address"};
    static const std::vector<std::string> none;
    switch (s) {
        case Screen::kIdentity:
            return identity;
        case Screen::kContact:
            return contact;
        case Screen::kWork:
            return work;
        default:
            return none;
    }
}

bool is_capture(Screen s) {
    return s == Screen::kCaptureKtp || s == Screen::kCaptureSk || s == Screen::kCaptureLetter ||
           s == Screen::kCaptureSelfie;
}

domain::DocumentKind document_of(Screen s) {
    switch (s) {
        case Screen::kCaptureSk:
            return domain::DocumentKind::kSk;
        case Screen::kCaptureLetter:
            return domain::DocumentKind::kLetter;
        case Screen::kCaptureSelfie:
            return domain::DocumentKind::kSelfie;
        default:
            return domain::DocumentKind::kKtp;
    }
}

Screen capture_screen(domain::DocumentKind k) {
    switch (k) {
        case domain::DocumentKind::kKtp:
            return Screen::kCaptureKtp;
        case domain::DocumentKind::kSk:
            return Screen::kCaptureSk;
        case domain::DocumentKind::kLetter:
            return Screen::kCaptureLetter;
        case domain::DocumentKind::kSelfie:
            return Screen::kCaptureSelfie;
    }
    return Screen::kCaptureKtp;
}

vision::Kind vision_kind(domain::DocumentKind k) {
    switch (k) {
        case domain::DocumentKind::kKtp:
            return vision::Kind::kKtp;
        case domain::DocumentKind::kSk:
            return vision::Kind::kSk;
        case domain::DocumentKind::kLetter:
            return vision::Kind::kLetter;
        case domain::DocumentKind::kSelfie:
            return vision::Kind::kSelfie;
    }
    return vision::Kind::kKtp;
}

// Overwrites a string's bytes before it is released: personal data does not linger in freed
// memory after a session ends.
void wipe_string(std::string& s) {
    if (!s.empty()) {
        sodium_memzero(s.data(), s.size());
    }
    s.clear();
    s.shrink_to_fit();
}

void wipe_applicant(domain::Applicant& a) {
    for (auto* s : {&a.full_name, &a.certificate_name, &a.nik, &a.nip, &a.email, &a.phone,
                    &a.position, &a.work_unit, &a.office_address}) {
        wipe_string(*s);
    }
    a = domain::Applicant{};
}

void wipe_mat(cv::Mat& m) {
    if (!m.empty() && m.isContinuous() && m.u != nullptr && m.u->refcount == 1) {
        sodium_memzero(m.data, m.total() * m.elemSize());
    }
    m.release();
}

// A small copy (at most 480 pixels on the longer side) for the review screen.
cv::Mat thumbnail(const cv::Mat& image) {
    if (image.empty()) {
        return {};
    }
    const double f = 480.0 / std::max(image.cols, image.rows);
    cv::Mat out;
    if (f >= 1) {
        out = image.clone();
    } else {
        cv::resize(image, out, cv::Size(), f, f, cv::INTER_AREA);
    }
    return out;
}

void wipe_bytes(platform::Bytes& b) {
    if (!b.empty()) {
        sodium_memzero(b.data(), b.size());
    }
    b.clear();
    b.shrink_to_fit();
}

Text guidance_text(vision::Kind k, const vision::Verdict& v) {
    if (const auto r = v.first()) {
        return {std::string(guidance(k, *r, domain::Lang::kId)),
                std::string(guidance(k, *r, domain::Lang::kEn))};
    }
    return {std::string(guidance_ok(k, domain::Lang::kId)),
            std::string(guidance_ok(k, domain::Lang::kEn))};
}

Text scan_fault_text(drivers::ScanFault f, const std::string& detail) {
    switch (f) {
        case drivers::ScanFault::kNoDocument:
            return {"Letakkan dokumen di pemindai, lalu tekan Pindai.",
                    "Place the document on the scanner, then press Scan."};
        case drivers::ScanFault::kJammed:
            return {"Kertas tersangkut di pemindai. Mohon panggil petugas.",
                    "Paper is jammed in the scanner. Please call the staff."};
        case drivers::ScanFault::kCoverOpen:
            return {"Tutup pemindai terbuka. Tutup, lalu coba lagi.",
                    "The scanner's cover is open. Close it and try again."};
        case drivers::ScanFault::kBusy:
            return {"Pemindai sedang dipakai. Tunggu sebentar, lalu coba lagi.",
                    "The scanner is busy. Wait a moment and try again."};
        case drivers::ScanFault::kCancelled:
            return {"Pemindaian dibatalkan.", "The scan was cancelled."};
        case drivers::ScanFault::kNoScanner:
            return {"Pemindai tidak terhubung. Petugas akan membantu Anda.",
                    "The scanner is not connected. Staff will help you."};
        case drivers::ScanFault::kIo:
        case drivers::ScanFault::kNone:
            break;
    }
    return {"Pemindaian gagal. Coba lagi atau panggil petugas.",
            "The scan failed. Try again or call the staff. (" + detail + ")"};
}

// vision::check_capture does not throw: where it used to (a selfie without the face model, an
// error inside OpenCV) it answers a verdict that is not assessed and has no reasons. The
// session hands that on as the exception it used to be, with the same message, so the kiosk's
// main loop, the admin screen's worker and `anjungan session` end as they did. An empty image
// was never an exception (it is not assessed but not_found, a refusal as before).
vision::Verdict thrown_if_not_assessed(vision::Verdict v) {
    if (!v.assessed && v.reasons.empty()) {
        throw std::runtime_error(v.not_assessed_reason);
    }
    return v;
}

}  // namespace

std::string_view to_code(Screen s) {
    return kScreens[static_cast<std::size_t>(s)].code;
}

std::optional<Screen> screen_from_code(std::string_view code) {
    for (const auto& i : kScreens) {
        if (i.code == code) {
            return i.screen;
        }
    }
    return std::nullopt;
}

std::string_view to_code(Intent::Kind k) {
    for (const auto& [kind, code] : kIntents) {
        if (kind == k) {
            return code;
        }
    }
    return "?";
}

std::optional<Intent::Kind> intent_from_code(std::string_view code) {
    for (const auto& [kind, c] : kIntents) {
        if (c == code) {
            return kind;
        }
    }
    return std::nullopt;
}

std::vector<Text> consent_notice(const platform::Config& config) {
    return {
        {"Data yang dikumpulkan: nama, NIK, NIP, jenis kelamin, status kepegawaian, e-mail "
         "dinas, nomor telepon, unit kerja, jabatan, alamat kantor, foto KTP berwarna, SK, surat "
         "permohonan, dan swafoto.",
         "What is collected: name, NIK, NIP, sex, employment status, official e-mail, phone, "
         "work unit, position, office address, a colour photo of your KTP, your SK, the "
         "application letter and a selfie."},
        {"Tujuannya: memproses permohonan sertifikat elektronik Anda sesuai SOP Dinas Kominfo "
         "SP Kota Palangka Raya dan meneruskannya ke BSrE (BSSN), penerbit sertifikat.",
         "Why: to process your electronic-certificate application under the procedure of the "
         "city's Dinas Kominfo SP and forward it to BSrE (BSSN), which issues the certificate."},
        {"Di anjungan ini data Anda disimpan terenkripsi, hanya sampai kantor menerima berkas; "
         "setelah itu data pribadi dan gambar dihapus dari anjungan, dan hanya status permohonan "
         "yang tersisa untuk pengecekan. Kantor menyimpan berkas sesuai ketentuan arsip.",
         "At this kiosk your data is kept encrypted only until the office has received it; then "
         "the personal data and images are deleted from the kiosk and only the application's "
         "status remains for look-ups. The office keeps the file as its records rules require."},
        {"Sesuai UU 27/2022 tentang Pelindungan Data Pribadi, Anda berhak mengetahui, "
         "memperbaiki, dan meminta penghapusan data Anda; hubungi Bidang Statistik dan "
         "Persandian. Tanpa persetujuan, permohonan tidak dapat diproses di anjungan.",
         "Under Law 27/2022 on Personal Data Protection you may see, correct and ask for the "
         "deletion of your data; ask the statistics and encryption division. Without consent the "
         "application cannot be made at the kiosk."},
        {"Anjungan " + config.kiosk_id +
             " - data Anda tidak dibagikan kepada pihak lain di luar "
             "tujuan di atas.",
         "Kiosk " + config.kiosk_id +
             " - your data is not shared with anyone beyond the purpose "
             "above."},
    };
}

// [SECTION] Life cycle ------------------------------------------------------------------------

Session::Session(Store& store, SessionDevices devices, const platform::SigningKey& key,
                 const platform::Config& config, const platform::Clock& clock,
                 const vision::FaceModel* faces, printing::KeyRing keys, SessionPolicy policy)
    : store_(store),
      dev_(devices),
      key_(key),
      config_(config),
      clock_(clock),
      faces_(faces),
      keys_(std::move(keys)),
      policy_(policy),
      thresholds_(vision_thresholds(config)) {
    policy_.scan_dpi = config.scanner.dpi;
    last_touch_ms_ = screen_since_ms_ = now_ms();
}

Session::~Session() {
    stop_gate();
    // Work still running on other threads refers to this session's devices and store.
    for (auto* f : {&scan_}) {
        if (f->valid()) {
            f->wait();
        }
    }
    if (save_.valid()) {
        save_.wait();
    }
    if (print_.valid()) {
        print_.wait();
    }
    wipe();
}

std::int64_t Session::now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch())
        .count();
}

void Session::set_out_of_service(bool on, const Text& message) {
    out_of_service_ = on;
    out_of_service_message_ = message.empty()
                                  ? Text{"Anjungan sedang tidak dapat digunakan. Silakan menuju "
                                         "loket petugas.",
                                         "This kiosk is out of service. Please go to the counter."}
                                  : message;
    if (on) {
        wipe();
        go(Screen::kOutOfService);
    } else if (view_.screen == Screen::kOutOfService) {
        go(Screen::kAttract);
    }
}

void Session::go(Screen s) {
    if (s == Screen::kAttract && out_of_service_) {
        s = Screen::kOutOfService;
    }
    view_.screen = s;
    view_.step = kScreens[static_cast<std::size_t>(s)].step;
    view_.errors.clear();
    view_.warnings.clear();
    view_.question = false;
    view_.idle_countdown.reset();
    view_.message = s == Screen::kOutOfService ? out_of_service_message_ : Text{};
    view_.notice = s == Screen::kConsent ? consent_notice(config_) : std::vector<Text>{};
    screen_since_ms_ = now_ms();
    confirmed_warnings_ = false;
    if (is_capture(s)) {
        start_capture(s);
    } else {
        stop_gate();
        view_.capture.preview.release();
    }
    if (s == Screen::kStatusLookup) {
        dev_.camera.prepare(drivers::CameraPurpose::kQr);
        frames_seen_ = 0;
    }
    for (auto& d : view_.documents) {
        wipe_mat(d.image);
    }
    view_.documents.clear();
    if (s == Screen::kReview) {
        auto add = [&](domain::DocumentKind kind, const cv::Mat& image, int pages) {
            if (!image.empty()) {
                view_.documents.push_back({kind, thumbnail(image), pages});
            }
        };
        add(domain::DocumentKind::kKtp, ktp_thumb_, 1);
        add(domain::DocumentKind::kSk, sk_pages_.empty() ? cv::Mat() : sk_pages_.front(),
            static_cast<int>(sk_pages_.size()));
        add(domain::DocumentKind::kLetter,
            letter_pages_.empty() ? cv::Mat() : letter_pages_.front(),
            static_cast<int>(letter_pages_.size()));
        add(domain::DocumentKind::kSelfie, selfie_thumb_, 1);
    }
}

void Session::wipe() {
    if (scan_.valid()) {
        scan_.wait();
        scan_ = {};
    }
    wipe_applicant(view_.applicant);
    if (last_case_) {
        wipe_applicant(last_case_->applicant);  // only its ids are kept
    }
    wipe_bytes(ktp_jpeg_);
    wipe_bytes(selfie_jpeg_);
    wipe_mat(ktp_thumb_);
    wipe_mat(selfie_thumb_);
    for (auto& d : view_.documents) {
        wipe_mat(d.image);
    }
    view_.documents.clear();
    for (auto* pages : {&sk_pages_, &letter_pages_, &view_.capture.pages}) {
        for (auto& m : *pages) {
            wipe_mat(m);
        }
        pages->clear();
    }
    wipe_mat(last_frame_);
    view_.capture = CaptureView{};
    view_.captured.clear();
    view_.open_cases.clear();
    view_.status.reset();
    view_.lookup_fault.clear();
    view_.receipt_no.clear();
    view_.saving = view_.printing = view_.printed = false;
    view_.printer_state.clear();
    view_.fault_device.clear();
    view_.lang = domain::Lang::kId;
    stop_gate();
    case_id_.clear();
    return_to_review_ = false;
    duplicate_acknowledged_ = false;
}

// [SECTION] Intents ---------------------------------------------------------------------------

void Session::apply(const Intent& in) {
    using K = Intent::Kind;
    last_touch_ms_ = now_ms();
    view_.idle_countdown.reset();
    const Screen s = view_.screen;
    if (s == Screen::kAdmin && admin_ != nullptr) {
        admin_->touch();  // any touch keeps admin mode open, not only actions
    }

    switch (in.kind) {
        case K::kTouch:
        case K::kStillHere:
            return;
        case K::kLanguage:
            if (in.value == "id" || in.value == "en") {
                view_.lang = in.value == "en" ? domain::Lang::kEn : domain::Lang::kId;
            }
            return;
        case K::kCancel:
            if (s == Screen::kAdminPin || s == Screen::kAdmin) {
                break;  // admin mode handles its own cancel (lock and leave)
            }
            if (s != Screen::kAttract && s != Screen::kOutOfService && !view_.saving &&
                !view_.printing) {
                spdlog::info("session cancelled on {}", to_code(s));
                wipe();
                go(Screen::kAttract);
            }
            return;
        default:
            break;
    }

    if (in.kind == K::kAdminGesture || s == Screen::kAdminPin || s == Screen::kAdmin) {
        admin_apply(in);
        return;
    }
    switch (s) {
        case Screen::kAdminPin:
        case Screen::kAdmin:
            return;
        case Screen::kOutOfService:
            return;
        case Screen::kAttract: {
            // The language the person chose on the attract screen stays theirs.
            const domain::Lang chosen = view_.lang;
            if (in.kind == K::kStart || in.kind == K::kNext) {
                wipe();
                view_.lang = chosen;
                case_id_ = platform::new_uuid_v4();
                go(Screen::kLanguage);
            } else if (in.kind == K::kStatusLookup) {
                wipe();
                view_.lang = chosen;
                go(Screen::kStatusLookup);
            }
            return;
        }
        case Screen::kLanguage:
            if (in.kind == K::kNext) {
                go(Screen::kConsent);
            } else if (in.kind == K::kBack) {
                wipe();
                go(Screen::kAttract);
            }
            return;
        case Screen::kConsent:
            if (in.kind == K::kAccept || in.kind == K::kNext) {
                go(Screen::kIdentity);
            } else if (in.kind == K::kDecline) {
                wipe();
                go(Screen::kAttract);
            } else if (in.kind == K::kBack) {
                go(Screen::kLanguage);
            }
            return;
        case Screen::kIdentity:
        case Screen::kContact:
        case Screen::kWork:
            if (in.kind == K::kSetField) {
                if (std::find(fields_of(s).begin(), fields_of(s).end(), in.field) ==
                        fields_of(s).end() ||
                    !set_field(in.field, in.value)) {
                    view_.message = {"Isian '" + in.field + "' tidak ada di layar ini.",
                                     "There is no field '" + in.field + "' on this screen."};
                    return;
                }
                confirmed_warnings_ = false;
                view_.question = false;
                if (in.field == "nik") {
                    duplicate_acknowledged_ = false;
                }
                validate_screen();
            } else if (in.kind == K::kNext) {
                next_from_form();
            } else if (in.kind == K::kConfirm && view_.question) {
                confirmed_warnings_ = true;
                next_from_form();
            } else if (in.kind == K::kBack) {
                go(return_to_review_ ? Screen::kReview : before(s));
            }
            return;
        case Screen::kDuplicate:
            if (in.kind == K::kConfirm || in.kind == K::kNext) {
                duplicate_acknowledged_ = true;
                go(return_to_review_ ? Screen::kReview : Screen::kContact);
            } else if (in.kind == K::kBack) {
                go(Screen::kIdentity);
            } else if (in.kind == K::kStatusLookup && !view_.open_cases.empty()) {
                const std::string receipt = view_.open_cases.front().receipt_no;
                wipe();
                show_status(receipt);
            }
            return;
        case Screen::kCaptureKtp:
        case Screen::kCaptureSelfie:
            if (in.kind == K::kShutter && view_.capture.shutter_enabled && !view_.capture.taken &&
                !last_frame_.empty()) {
                take_still(last_frame_.clone());
            } else if (in.kind == K::kNext &&
                       std::count(view_.captured.begin(), view_.captured.end(), document_of(s))) {
                go(return_to_review_ ? Screen::kReview : after(s));
            } else if (in.kind == K::kRetake) {
                // The old picture goes: Next (and review) wait for the new one.
                std::erase(view_.captured, document_of(s));
                if (s == Screen::kCaptureKtp) {
                    wipe_bytes(ktp_jpeg_);
                    wipe_mat(ktp_thumb_);
                } else {
                    wipe_bytes(selfie_jpeg_);
                    wipe_mat(selfie_thumb_);
                }
                go(s);
            } else if (in.kind == K::kBack) {
                go(return_to_review_ ? Screen::kReview : before(s));
            }
            return;
        case Screen::kCaptureSk:
        case Screen::kCaptureLetter:
            if (in.kind == K::kScanPage && !scan_.valid()) {
                drivers::ScanRequest req;
                req.dpi = policy_.scan_dpi;
                req.use_feeder = false;
                req.max_pages = 1;
                view_.capture.scanning = true;
                view_.message = {};
                auto& scanner = dev_.scanner;
                scan_ =
                    std::async(std::launch::async, [&scanner, req] { return scanner.scan(req); });
            } else if (in.kind == K::kRemovePage) {
                auto& pages = s == Screen::kCaptureSk ? sk_pages_ : letter_pages_;
                const int n = std::atoi(in.value.c_str());
                if (n >= 1 && n <= static_cast<int>(pages.size())) {
                    pages.erase(pages.begin() + (n - 1));
                    view_.capture.pages.erase(view_.capture.pages.begin() + (n - 1));
                    if (pages.empty()) {
                        std::erase(view_.captured, document_of(s));
                    }
                }
            } else if (in.kind == K::kNext && !scan_.valid()) {
                const auto& pages = s == Screen::kCaptureSk ? sk_pages_ : letter_pages_;
                if (pages.empty()) {
                    view_.message = {"Pindai minimal satu halaman.", "Scan at least one page."};
                } else {
                    go(return_to_review_ ? Screen::kReview : after(s));
                }
            } else if (in.kind == K::kBack && !scan_.valid()) {
                go(return_to_review_ ? Screen::kReview : before(s));
            }
            return;
        case Screen::kNeedHelp:
            if (in.kind == K::kRetry) {
                go(fault_return_);
            }
            return;
        case Screen::kDeviceFault:
            if (in.kind == K::kRetry) {
                go(fault_return_);
            }
            return;
        case Screen::kReview:
            if (in.kind == K::kSubmit || in.kind == K::kNext) {
                submit();
            } else if (in.kind == K::kEdit) {
                const auto target = screen_from_code(in.field);
                if (target && !fields_of(*target).empty()) {
                    return_to_review_ = true;
                    go(*target);
                }
            } else if (in.kind == K::kRetake) {
                const auto kind = domain::document_from_code(in.field);
                if (kind) {
                    return_to_review_ = true;
                    go(capture_screen(*kind));
                }
            } else if (in.kind == K::kBack) {
                return_to_review_ = false;  // back walks down the path again
                go(Screen::kCaptureSelfie);
            }
            return;
        case Screen::kReceipt:
            if ((in.kind == K::kFinish || in.kind == K::kNext) && !view_.saving &&
                !view_.printing) {
                go(Screen::kDone);
            }
            return;
        case Screen::kDone:
            if (in.kind == K::kFinish || in.kind == K::kNext) {
                wipe();
                go(Screen::kAttract);
            }
            return;
        case Screen::kStatusLookup:
            if (in.kind == K::kTypeReceipt) {
                const auto parsed = domain::parse_receipt_number(in.value);
                if (!parsed) {
                    view_.lookup_fault = "invalid_receipt";
                    view_.message = {"Nomor tanda terima tidak sah. Periksa kembali.",
                                     "That is not a valid receipt number. Please check it."};
                    return;
                }
                show_status(parsed->text);
            } else if (in.kind == K::kBack || in.kind == K::kFinish) {
                go(Screen::kAttract);
            }
            return;
        case Screen::kStatusResult:
            if (in.kind == K::kFinish || in.kind == K::kNext || in.kind == K::kBack) {
                wipe();
                go(Screen::kAttract);
            }
            return;
    }
}

// [SECTION] Forms -----------------------------------------------------------------------------

bool Session::set_field(const std::string& field, const std::string& value) {
    auto& a = view_.applicant;
    if (field == "full_name") {
        a.full_name = value;
    } else if (field == "certificate_name") {
        a.certificate_name = value;
    } else if (field == "nik") {
        a.nik = value;
    } else if (field == "nip") {
        a.nip = value;
    } else if (field == "employment") {
        const auto e = domain::employment_from_code(value);
        if (!e) {
            return false;
        }
        a.employment = *e;
    } else if (field == "sex") {
        const auto x = domain::sex_from_code(value);
        if (!x) {
            return false;
        }
        a.sex = *x;
    } else if (field == "email") {
        a.email = value;
    } else if (field == "phone") {
        a.phone = value;
    } else if (field == "work_unit") {
        a.work_unit = value;
    } else if (field == "position") {
        a.position = value;
    } else if (field == "office_address") {
        a.office_address = value;
    } else {
        return false;
    }
    return true;
}

// Shows the current screen's problems for the fields that hold something, so a half-typed
// form is not covered in red; Next shows them all.
void Session::validate_screen(bool all_fields) {
    domain::ApplicantRules rules{config_.email_domains, config_.work_units};
    const auto today = platform::civil_date(clock_.now(), config_.utc_offset_minutes);
    const auto check = domain::check_applicant(view_.applicant, rules, today);
    const auto& fields = fields_of(view_.screen);
    view_.errors.clear();
    view_.warnings.clear();
    // While typing an empty field is not an error yet: "required" waits for Next.
    const auto& a = view_.applicant;
    auto typed = [&a, all_fields](const std::string& field) {
        const std::string* text = field == "full_name"          ? &a.full_name
                                  : field == "certificate_name" ? &a.certificate_name
                                  : field == "nik"              ? &a.nik
                                  : field == "nip"              ? &a.nip
                                  : field == "email"            ? &a.email
                                  : field == "phone"            ? &a.phone
                                  : field == "work_unit"        ? &a.work_unit
                                  : field == "position"         ? &a.position
                                  : field == "office_address"   ? &a.office_address
                                                                : nullptr;
        return all_fields || text == nullptr || !text->empty();  // choices always hold a value
    };
    for (const auto& e : check.errors) {
        if (std::find(fields.begin(), fields.end(), e.field) != fields.end() && typed(e.field)) {
            view_.errors.push_back(e);
        }
    }
    for (const auto& w : check.warnings) {
        if (std::find(fields.begin(), fields.end(), w.field) != fields.end() && typed(w.field)) {
            view_.warnings.push_back(w);
        }
    }
}

void Session::next_from_form() {
    const Screen s = view_.screen;
    domain::ApplicantRules rules{config_.email_domains, config_.work_units};
    const auto today = platform::civil_date(clock_.now(), config_.utc_offset_minutes);
    const auto check = domain::check_applicant(view_.applicant, rules, today);
    validate_screen(true);
    if (!view_.errors.empty()) {
        view_.message = {"Periksa isian yang ditandai.", "Please check the marked fields."};
        return;
    }
    if (!view_.warnings.empty() && !confirmed_warnings_) {
        // A question, not a block: the person confirms and goes on; staff see the note.
        view_.question = true;
        view_.message = {"Apakah data ini sudah benar?", "Is this right?"};
        return;
    }
    // Keep the normalised values of this screen's fields.
    const auto& n = check.normalized;
    auto& a = view_.applicant;
    if (s == Screen::kIdentity) {
        a.full_name = n.full_name;
        a.certificate_name = n.certificate_name;
        a.nik = n.nik;
        a.nip = n.nip;
    } else if (s == Screen::kContact) {
        a.email = n.email;
        a.phone = n.phone;
    } else {
        a.work_unit = n.work_unit;
        a.position = n.position;
        a.office_address = n.office_address;
    }
    if (s == Screen::kIdentity && !duplicate_acknowledged_) {
        auto open = store_.open_cases_for_nik(a.nik);
        if (!open.empty()) {
            view_.open_cases = std::move(open);
            go(Screen::kDuplicate);
            view_.message = {"NIK ini sudah memiliki permohonan yang sedang diproses.",
                             "This NIK already has an application in progress."};
            return;
        }
    }
    go(return_to_review_ ? Screen::kReview : after(s));
}

Screen Session::after(Screen s) const {
    switch (s) {
        case Screen::kLanguage:
            return Screen::kConsent;
        case Screen::kConsent:
            return Screen::kIdentity;
        case Screen::kIdentity:
            return Screen::kContact;
        case Screen::kContact:
            return Screen::kWork;
        case Screen::kWork:
            return Screen::kCaptureKtp;
        case Screen::kCaptureKtp:
            return Screen::kCaptureSk;
        case Screen::kCaptureSk:
            return Screen::kCaptureLetter;
        case Screen::kCaptureLetter:
            return Screen::kCaptureSelfie;
        case Screen::kCaptureSelfie:
            return Screen::kReview;
        default:
            return s;
    }
}

Screen Session::before(Screen s) const {
    switch (s) {
        case Screen::kConsent:
            return Screen::kLanguage;
        case Screen::kIdentity:
            return Screen::kConsent;
        case Screen::kContact:
            return Screen::kIdentity;
        case Screen::kWork:
            return Screen::kContact;
        case Screen::kCaptureKtp:
            return Screen::kWork;
        case Screen::kCaptureSk:
            return Screen::kCaptureKtp;
        case Screen::kCaptureLetter:
            return Screen::kCaptureSk;
        case Screen::kCaptureSelfie:
            return Screen::kCaptureLetter;
        case Screen::kReview:
            return Screen::kCaptureSelfie;
        default:
            return Screen::kAttract;
    }
}

// [SECTION] Captures --------------------------------------------------------------------------

void Session::start_capture(Screen s) {
    const domain::DocumentKind kind = document_of(s);
    view_.capture = CaptureView{};
    view_.capture.kind = kind;
    view_.capture.camera =
        kind == domain::DocumentKind::kKtp || kind == domain::DocumentKind::kSelfie;
    last_good_ms_ = now_ms();
    // Coming back to a scanned document shows its pages; a camera capture starts afresh.
    if (kind == domain::DocumentKind::kSk) {
        view_.capture.pages = sk_pages_;
    } else if (kind == domain::DocumentKind::kLetter) {
        view_.capture.pages = letter_pages_;
    }
    if (view_.capture.camera) {
        dev_.camera.prepare(kind == domain::DocumentKind::kSelfie
                                ? drivers::CameraPurpose::kFace
                                : drivers::CameraPurpose::kDocument);
        stop_gate();
        gate_ = std::make_unique<vision::PreviewGate>(vision_kind(kind), thresholds_, faces_);
        const vision::Kind vk = vision_kind(kind);
        view_.capture.guidance =
            kind == domain::DocumentKind::kSelfie
                ? Text{"Lihat ke kamera, wajah di dalam bingkai.",
                       "Look at the camera, your face inside the frame."}
                : Text{std::string(guidance(vk, vision::Reason::kNotFound, domain::Lang::kId)),
                       std::string(guidance(vk, vision::Reason::kNotFound, domain::Lang::kEn))};
    } else {
        dev_.scanner.prepare(kind == domain::DocumentKind::kSk ? drivers::ScanPurpose::kSk
                                                               : drivers::ScanPurpose::kLetter);
        view_.capture.guidance = {"Letakkan halaman di pemindai, lalu tekan Pindai.",
                                  "Place the page on the scanner, then press Scan."};
        if (const auto h = dev_.scanner.health(); h.state == drivers::DeviceState::kMissing) {
            fault_return_ = s;
            view_.fault_device = "scanner";
            view_.screen = Screen::kDeviceFault;
            view_.step = 0;
            view_.message = {"Pemindai tidak terhubung. Petugas akan membantu Anda.",
                             "The scanner is not connected. Staff will help you."};
            spdlog::warn("scanner missing: {}", h.detail);
        }
    }
}

void Session::tick() {
    idle_tick();
    switch (view_.screen) {
        case Screen::kCaptureKtp:
        case Screen::kCaptureSelfie:
            capture_tick();
            break;
        case Screen::kCaptureSk:
        case Screen::kCaptureLetter:
            scan_tick();
            break;
        case Screen::kDeviceFault:
            // Back by itself when the device returns (the camera replugged).
            if (view_.fault_device == "camera" && dev_.camera.health().ok()) {
                go(fault_return_);
            } else if (view_.fault_device == "scanner" && dev_.scanner.health().ok()) {
                go(fault_return_);
            }
            break;
        case Screen::kReceipt:
            submit_tick();
            break;
        case Screen::kStatusLookup:
            lookup_tick();
            break;
        case Screen::kAdminPin:
        case Screen::kAdmin:
            admin_tick();
            break;
        default:
            break;
    }
}

void Session::capture_tick() {
    if (view_.capture.taken) {
        return;  // the accepted picture stays on screen until Next or Retake
    }
    if (gate_job_.valid() &&
        gate_job_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        const auto step = gate_job_.get();
        const cv::Mat frame = std::move(gate_frame_);
        if (apply_gate(step, frame)) {
            return;
        }
    }
    auto frame = dev_.camera.read();
    if (!frame) {
        const auto h = dev_.camera.health();
        if (h.state == drivers::DeviceState::kMissing ||
            h.state == drivers::DeviceState::kDisconnected ||
            h.state == drivers::DeviceState::kError) {
            fault_return_ = view_.screen;
            stop_gate();
            view_.screen = Screen::kDeviceFault;
            view_.step = 0;
            view_.fault_device = "camera";
            view_.message = {"Kamera tidak terhubung. Mohon tunggu; petugas akan membantu Anda.",
                             "The camera is not connected. Please wait; staff will help you."};
            spdlog::warn("camera {}: {}", drivers::to_code(h.state), h.detail);
        }
        return;
    }
    last_frame_ = frame->image;
    view_.capture.preview = frame->image;
    ++view_.capture.preview_seq;
    if (!policy_.async_gate) {
        if (apply_gate(gate_->process(frame->image, static_cast<double>(frame->t_ms)),
                       frame->image)) {
            return;
        }
    } else if (!gate_job_.valid()) {
        // The newest frame goes to the gate when it is free; the frames in between only reach
        // the screen. The gate keeps its own state: one job at a time.
        gate_frame_ = frame->image;
        gate_job_ = std::async(std::launch::async,
                               [gate = gate_.get(), img = frame->image, t = frame->t_ms] {
                                   return gate->process(img, static_cast<double>(t));
                               });
    }
    const std::int64_t now = now_ms();
    view_.capture.shutter_enabled = now - screen_since_ms_ >= policy_.shutter_after_ms;
    if (now - last_good_ms_ >= policy_.help_after_ms) {
        fault_return_ = view_.screen;
        go(Screen::kNeedHelp);
        view_.message = {"Pengambilan gambar belum berhasil. Petugas akan membantu Anda.",
                         "The picture could not be taken yet. Staff will help you."};
    }
}

bool Session::apply_gate(const vision::PreviewGate::Step& step, const cv::Mat& frame) {
    view_.capture.verdict = step.verdict;
    view_.capture.progress = step.progress;
    view_.capture.guidance = guidance_text(vision_kind(view_.capture.kind), step.verdict);
    if (step.capture) {
        take_still(frame.clone());
        return true;
    }
    return false;
}

void Session::stop_gate() {
    if (gate_job_.valid()) {
        gate_job_.wait();
        gate_job_ = {};
    }
    gate_frame_.release();
    gate_.reset();
}

void Session::take_still(const cv::Mat& frame) {
    const domain::DocumentKind kind = view_.capture.kind;
    const vision::Kind vk = vision_kind(kind);
    const auto v = thrown_if_not_assessed(vision::check_capture(vk, frame, thresholds_, faces_));
    view_.capture.verdict = v;
    if (!v.ok()) {
        refuse(v);
        return;
    }
    try {
        cv::Mat kept = frame;
        if (kind == domain::DocumentKind::kKtp && v.corners) {
            kept = vision::rectify(vk, frame, *v.corners);
        }
        auto jpeg = vision::encode_jpeg_within(kept, kJpegBudget).data;
        (kind == domain::DocumentKind::kKtp ? ktp_jpeg_ : selfie_jpeg_) = std::move(jpeg);
        (kind == domain::DocumentKind::kKtp ? ktp_thumb_ : selfie_thumb_) = thumbnail(kept);
        view_.capture.pages = {kept};
    } catch (const std::exception& e) {
        spdlog::error("capture of {}: {}", to_code(kind), e.what());
        refuse(v);
        return;
    }
    if (std::find(view_.captured.begin(), view_.captured.end(), kind) == view_.captured.end()) {
        view_.captured.push_back(kind);
    }
    view_.capture.progress = 1;
    view_.capture.guidance = {"Berhasil.", "Done."};
    spdlog::info("captured {}", to_code(kind));
    if (policy_.confirm_captures) {
        view_.capture.taken = true;
        view_.capture.guidance = kind == domain::DocumentKind::kKtp
                                     ? Text{"KTP berhasil diambil. Periksa gambarnya, lalu Lanjut.",
                                            "KTP taken. Check the picture, then Next."}
                                     : Text{"Foto berhasil diambil. Periksa, lalu Lanjut.",
                                            "Photo taken. Check it, then Next."};
        return;
    }
    go(return_to_review_ ? Screen::kReview : after(view_.screen));
}

void Session::refuse(const vision::Verdict& v) {
    ++view_.capture.failures;
    view_.capture.guidance = guidance_text(vision_kind(view_.capture.kind), v);
    if (gate_job_.valid()) {
        gate_job_.wait();  // its answer is about a picture already refused
        gate_job_ = {};
        gate_frame_.release();
    }
    if (gate_) {
        gate_->reset();
    }
    if (view_.capture.failures >= policy_.help_after_failures) {
        fault_return_ = view_.screen;
        const int failures = view_.capture.failures;
        go(Screen::kNeedHelp);
        view_.capture.failures = failures;
        view_.message = {
            "Gambar belum memenuhi syarat setelah beberapa kali. Petugas akan "
            "membantu Anda.",
            "The picture is still not good enough after several tries. Staff will "
            "help you."};
    }
}

void Session::scan_tick() {
    if (!scan_.valid() || scan_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        return;
    }
    const drivers::ScanResult r = scan_.get();
    scan_ = {};
    view_.capture.scanning = false;
    if (!r.ok()) {
        view_.message = scan_fault_text(r.fault, r.detail);
        if (r.fault == drivers::ScanFault::kNoScanner) {
            fault_return_ = view_.screen;
            view_.fault_device = "scanner";
            view_.screen = Screen::kDeviceFault;
            view_.step = 0;
        } else if (r.fault == drivers::ScanFault::kJammed) {
            fault_return_ = view_.screen;
            go(Screen::kNeedHelp);
            view_.message = scan_fault_text(r.fault, r.detail);
        }
        spdlog::warn("scan failed: {} ({})", drivers::to_code(r.fault), r.detail);
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
    auto& pages = kind == domain::DocumentKind::kSk ? sk_pages_ : letter_pages_;
    pages.push_back(page);
    view_.capture.pages.push_back(page);
    if (std::find(view_.captured.begin(), view_.captured.end(), kind) == view_.captured.end()) {
        view_.captured.push_back(kind);
    }
    view_.capture.guidance = {
        "Halaman " + std::to_string(pages.size()) +
            " diterima. Pindai halaman berikutnya, atau tekan Lanjut.",
        "Page " + std::to_string(pages.size()) + " accepted. Scan the next page, or press Next."};
}

// [SECTION] Submit and print ------------------------------------------------------------------

std::vector<domain::Document> Session::documents() const {
    std::vector<domain::Document> docs;
    docs.push_back({domain::DocumentKind::kKtp, 1, "image/jpeg", ktp_jpeg_});
    docs.push_back({domain::DocumentKind::kSk, 1, "application/pdf",
                    vision::encode_pdf_within(sk_pages_, 200, kPdfBudget).data});
    docs.push_back({domain::DocumentKind::kLetter, 1, "application/pdf",
                    vision::encode_pdf_within(letter_pages_, 200, kPdfBudget).data});
    docs.push_back({domain::DocumentKind::kSelfie, 1, "image/jpeg", selfie_jpeg_});
    return docs;
}

void Session::submit() {
    domain::ApplicantRules rules{config_.email_domains, config_.work_units};
    const auto today = platform::civil_date(clock_.now(), config_.utc_offset_minutes);
    const auto check = domain::check_applicant(view_.applicant, rules, today);
    if (!check.valid()) {
        // Cannot happen through the screens; go to the first screen with a problem.
        for (Screen s : {Screen::kIdentity, Screen::kContact, Screen::kWork}) {
            const auto& f = fields_of(s);
            for (const auto& e : check.errors) {
                if (std::find(f.begin(), f.end(), e.field) != f.end()) {
                    return_to_review_ = true;
                    go(s);
                    validate_screen(true);
                    return;
                }
            }
        }
        return;
    }
    for (domain::DocumentKind k : {domain::DocumentKind::kKtp, domain::DocumentKind::kSk,
                                   domain::DocumentKind::kLetter, domain::DocumentKind::kSelfie}) {
        if (std::find(view_.captured.begin(), view_.captured.end(), k) == view_.captured.end()) {
            return_to_review_ = true;
            go(capture_screen(k));
            return;
        }
    }
    domain::NewCase c;
    c.case_id = case_id_;
    c.applicant = check.normalized;
    // Encoding the PDFs and the durable writes take seconds: they run on a worker thread while
    // the receipt screen says "saving". Nothing else touches the captures meanwhile (cancel and
    // the idle timer wait for it).
    go(Screen::kReceipt);
    view_.saving = true;
    save_ = std::async(std::launch::async, [this, c = std::move(c)]() mutable {
        c.documents = documents();
        return store_.submit(c);
    });
}

void Session::start_print() {
    view_.printing = true;
    if (sync_now_) {
        sync_now_();  // the case is saved: the sync thread sends it now, not at its next poll
    }
    const std::string id = case_id_;
    auto& store = store_;
    auto& printer = dev_.printer;
    const auto& key = key_;
    const auto& config = config_;
    const auto& clock = clock_;
    // The case is saved: whatever the printer does now, nothing is lost.
    print_ = std::async(std::launch::async, [&store, &printer, &key, &config, &clock, id] {
        return print_receipt(store, printer, key, config, id, "kiosk", clock);
    });
}

void Session::submit_tick() {
    if (save_.valid() && save_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        view_.saving = false;
        try {
            const domain::CaseRecord rec = save_.get();
            save_ = {};
            last_case_ = rec;
            view_.receipt_no = rec.receipt_no;
            spdlog::info("case {} saved as {}", rec.case_id, rec.receipt_no);
        } catch (const std::exception& e) {
            save_ = {};
            // Nothing was saved; everything stays in memory, so staff can help finish it.
            spdlog::error("case {} could not be saved: {}", case_id_, e.what());
            fault_return_ = Screen::kReview;
            go(Screen::kNeedHelp);
            view_.message = {
                "Permohonan belum dapat disimpan. Data Anda masih ada; petugas akan "
                "membantu Anda.",
                "The application could not be saved yet. Your data is still here; "
                "staff will help you."};
            return;
        }
        start_print();
        screen_since_ms_ = now_ms();
        return;
    }
    if (print_.valid() && print_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        ReceiptPrint p;
        try {
            p = print_.get();
        } catch (const std::exception& e) {
            p.result.printer.state = printing::PrinterState::kError;
            p.result.detail = e.what();
            spdlog::error("receipt print: {}", e.what());
        }
        print_ = {};
        view_.printing = false;
        view_.printed = p.result.printed;
        view_.printer_state = std::string(printing::to_code(p.result.printer.state));
        if (p.result.printed) {
            view_.message = {"Tanda terima sudah dicetak. Simpan baik-baik.",
                             "Your receipt has been printed. Please keep it."};
        } else {
            const auto e = printing::explain(p.result.printer.state);
            view_.message = {
                "Nomor Anda: " + view_.receipt_no + ". " + e.id + " Catat atau foto nomor ini.",
                "Your number: " + view_.receipt_no + ". " + e.en +
                    " Write down or photograph this number."};
        }
        screen_since_ms_ = now_ms();
    }
}

// [SECTION] Status lookup ---------------------------------------------------------------------

void Session::lookup_tick() {
    auto frame = dev_.camera.read();
    if (!frame) {
        return;
    }
    if (++frames_seen_ % static_cast<std::uint64_t>(std::max(1, policy_.qr_every_n_frames)) != 0) {
        return;
    }
    const auto codes = drivers::read_qr_codes(frame->image);
    if (codes.empty()) {
        return;
    }
    const auto v = printing::verify_payload(codes.front(), keys_);
    if (!v.valid) {
        view_.lookup_fault = v.reason;
        view_.message = v.reason == "payload.not_anjungan"
                            ? Text{"Kode ini bukan tanda terima Anjungan.",
                                   "This code is not an Anjungan receipt."}
                            : Text{"Tanda terima ini tidak sah. Hubungi petugas.",
                                   "This receipt is not valid. Please ask the staff."};
        spdlog::warn("status lookup: receipt code refused: {} ({})", v.reason, v.detail);
        return;
    }
    show_status(v.claim->receipt_no);
}

void Session::show_status(const std::string& receipt_no) {
    const auto rec = store_.find_by_receipt(receipt_no);
    if (!rec) {
        go(Screen::kStatusLookup);
        view_.lookup_fault = "unknown_receipt";
        view_.message = {"Tanda terima " + receipt_no +
                             " tidak ditemukan di anjungan ini. Status tampil setelah data "
                             "tersinkron; tanyakan petugas.",
                         "Receipt " + receipt_no +
                             " is not known at this kiosk. Its status shows once synchronised; "
                             "please ask the staff."};
        return;
    }
    StatusView sv;
    sv.receipt_no = rec->receipt_no;
    sv.status = rec->status;
    sv.masked_name = domain::mask_name(rec->applicant.certificate_name.empty()
                                           ? rec->applicant.full_name
                                           : rec->applicant.certificate_name);
    sv.history = rec->history;
    sv.label = {std::string(label(rec->status, domain::Lang::kId)),
                std::string(label(rec->status, domain::Lang::kEn))};
    sv.next_step = {std::string(domain::next_step(rec->status, domain::Lang::kId)),
                    std::string(domain::next_step(rec->status, domain::Lang::kEn))};
    const domain::Lang lang = view_.lang;
    go(Screen::kStatusResult);
    view_.lang = lang;
    view_.status = std::move(sv);
    view_.lookup_fault.clear();
}

// [SECTION] Idle ------------------------------------------------------------------------------

void Session::idle_tick() {
    const Screen s = view_.screen;
    const std::int64_t now = now_ms();
    if (s == Screen::kAttract || s == Screen::kOutOfService || s == Screen::kAdmin ||
        view_.saving || view_.printing || scan_.valid()) {
        return;
    }
    const std::int64_t on_screen = now - screen_since_ms_;
    if (s == Screen::kDone && on_screen >= policy_.done_seconds * 1000LL) {
        wipe();
        go(Screen::kAttract);
        return;
    }
    if (s == Screen::kReceipt && on_screen >= policy_.receipt_seconds * 1000LL) {
        go(Screen::kDone);
        return;
    }
    if (s == Screen::kStatusResult && on_screen >= policy_.status_seconds * 1000LL) {
        wipe();
        go(Screen::kAttract);
        return;
    }
    const std::int64_t idle = now - last_touch_ms_;
    const std::int64_t limit = config_.timeouts.idle_seconds * 1000LL;
    const std::int64_t warning = config_.timeouts.idle_warning_seconds * 1000LL;
    if (idle < limit) {
        view_.idle_countdown.reset();
        return;
    }
    const std::int64_t left = limit + warning - idle;
    if (left > 0) {
        view_.idle_countdown = static_cast<int>((left + 999) / 1000);
        return;
    }
    spdlog::info("session on {} wiped after {} s without a touch", to_code(s), idle / 1000);
    wipe();
    go(Screen::kAttract);
}

// [SECTION] Admin mode ------------------------------------------------------------------------

void Session::admin_apply(const Intent& in) {
    using K = Intent::Kind;
    const Screen s = view_.screen;
    if (in.kind == K::kAdminGesture) {
        // Only where no applicant's data is on screen.
        if (admin_ != nullptr && (s == Screen::kAttract || s == Screen::kOutOfService ||
                                  s == Screen::kNeedHelp || s == Screen::kDeviceFault)) {
            admin_return_ = s == Screen::kOutOfService ? Screen::kOutOfService : Screen::kAttract;
            if (s == Screen::kNeedHelp || s == Screen::kDeviceFault) {
                wipe();  // staff take over: the applicant's half-done session ends
            }
            view_.admin = AdminView{};
            go(Screen::kAdminPin);
            dev_.camera.prepare(drivers::CameraPurpose::kQr);
            const auto st = admin_->attempt_status();
            view_.admin.wait_seconds = st.wait_seconds;
            if (!st.ok()) {
                view_.admin.message = {st.message_id, st.message_en};
            }
        }
        return;
    }
    if (s == Screen::kAdminPin) {
        if (in.kind == K::kAdminPin) {
            const auto r = view_.admin.badge.empty()
                               ? admin_->unlock_with_pin(in.value)
                               : admin_->unlock_with_badge(view_.admin.badge, in.value);
            view_.admin.message = {r.message_id, r.message_en};
            view_.admin.wait_seconds = r.wait_seconds;
            if (r.ok()) {
                view_.admin.badge.clear();
                go(Screen::kAdmin);
                view_.admin.message = {r.message_id, r.message_en};
                admin_refresh();
            }
        } else if (in.kind == K::kCancel || in.kind == K::kBack) {
            view_.admin = AdminView{};
            go(admin_return_);
        }
        return;
    }
    // Unlocked admin mode.
    if (!admin_->unlocked()) {
        view_.admin = AdminView{};
        go(admin_return_);
        return;
    }
    admin_->touch();
    if (in.kind == K::kAdminAction) {
        admin_action(in.field, in.value);
    } else if (in.kind == K::kCancel || in.kind == K::kBack || in.kind == K::kFinish) {
        admin_action("lock", "");
    } else if (in.kind == K::kLanguage) {
        view_.lang = in.value == "en" ? domain::Lang::kEn : domain::Lang::kId;
    }
}

void Session::admin_refresh() {
    auto& a = view_.admin;
    a.unlocked = admin_->unlocked();
    a.staff_id = admin_->staff_id();
    a.seconds_until_lock = admin_->seconds_until_lock();
    a.camera = dev_.camera.health();
    a.scanner = dev_.scanner.health();
    a.printer = dev_.printer.status();
    std::error_code ec;
    a.disk_free_bytes = std::filesystem::space(store_.data_dir(), ec).available;
    a.outbox = store_.outbox_counts();
    {
        const auto sync = store_.sync_summary();  // written by the sync thread (sync/)
        a.last_sync = sync.last_success;
        a.sync_error = sync.last_error;
        for (const auto& q : store_.outbox("quarantined", 20)) {
            a.quarantined.push_back(q.receipt_no + ": " + q.last_error);
        }
    }
    auto recent = store_.list_cases();
    if (recent.size() > 20) {
        recent.erase(recent.begin(), recent.end() - 20);
    }
    std::reverse(recent.begin(), recent.end());
    a.recent = std::move(recent);
    a.awaiting_print = store_.awaiting_print();
    a.audit = store_.audit_log(50);
    a.out_of_service = out_of_service_;
}

// Admin actions: refresh, test_print, test_capture, test_scan, reprint RECEIPT_NO,
// out_of_service on|off [message], restart, sync (wakes the sync thread), lock. Each is
// written to the audit log as the staff member who did it.
void Session::admin_action(const std::string& action, const std::string& arg) {
    auto& a = view_.admin;
    if (action == "lock") {
        admin_->lock("left admin mode");
        view_.admin = AdminView{};
        go(admin_return_);
        return;
    }
    static const std::vector<std::string> known{"refresh",   "test_print", "test_capture",
                                                "test_scan", "reprint",    "out_of_service",
                                                "restart",   "sync"};
    if (std::find(known.begin(), known.end(), action) == known.end()) {
        a.message = {"Perintah tidak dikenal: " + action, "Unknown action: " + action};
        return;
    }
    if (!admin_->record_action("admin " + action, arg)) {
        view_.admin = AdminView{};
        go(admin_return_);
        return;
    }
    if (action == "test_print") {
        const auto r = print_test_receipt(dev_.printer, key_, config_, clock_);
        const auto e = printing::explain(r.printer.state);
        a.message = r.printed ? Text{"Cetak uji berhasil.", "Test print done."}
                              : Text{"Cetak uji gagal: " + e.id, "Test print failed: " + e.en};
    } else if (action == "test_capture") {
        dev_.camera.prepare(drivers::CameraPurpose::kDocument);
        std::optional<drivers::Frame> f;
        for (int i = 0; i < 50 && !f; ++i) {
            f = dev_.camera.read();
            if (!f) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
        if (!f) {
            const auto h = dev_.camera.health();
            a.message = {"Kamera tidak memberi gambar: " + h.detail,
                         "The camera gives no picture: " + h.detail};
        } else {
            const auto v = thrown_if_not_assessed(
                vision::check_capture(vision::Kind::kKtp, f->image, thresholds_));
            a.message = {"Kamera memberi gambar " + std::to_string(f->image.cols) + "x" +
                             std::to_string(f->image.rows) + (v.ok() ? "; KTP terbaca." : "."),
                         "The camera gives " + std::to_string(f->image.cols) + "x" +
                             std::to_string(f->image.rows) +
                             (v.ok() ? " frames; a KTP is readable." : " frames.")};
        }
    } else if (action == "test_scan") {
        dev_.scanner.prepare(drivers::ScanPurpose::kOther);
        drivers::ScanRequest req;
        req.max_pages = 1;
        req.use_feeder = false;
        const auto r = dev_.scanner.scan(req);
        a.message = r.ok() ? Text{"Pemindai berfungsi.", "The scanner works."}
                           : Text{"Pemindai gagal: " + std::string(drivers::to_code(r.fault)),
                                  "The scanner failed: " + std::string(drivers::to_code(r.fault)) +
                                      " (" + r.detail + ")"};
    } else if (action == "reprint") {
        const auto parsed = domain::parse_receipt_number(arg);
        const auto rec = parsed ? store_.find_by_receipt(parsed->text) : std::nullopt;
        if (!rec) {
            a.message = {"Tanda terima " + arg + " tidak ditemukan.",
                         "Receipt " + arg + " not found."};
        } else {
            const auto p = print_receipt(store_, dev_.printer, key_, config_, rec->case_id,
                                         "staff:" + admin_->staff_id(), clock_);
            const auto e = printing::explain(p.result.printer.state);
            a.message = p.result.printed ? Text{"Dicetak ulang: " + rec->receipt_no + " (salinan " +
                                                    std::to_string(p.record.copy) + ").",
                                                "Reprinted: " + rec->receipt_no + " (copy " +
                                                    std::to_string(p.record.copy) + ")."}
                                         : Text{"Belum tercetak: " + e.id, "Not printed: " + e.en};
        }
    } else if (action == "out_of_service") {
        const bool on = arg.rfind("on", 0) == 0;
        const std::string note = arg.size() > 3 ? arg.substr(3) : std::string();
        out_of_service_ = on;
        out_of_service_message_ =
            note.empty() ? Text{"Anjungan sedang tidak dapat digunakan. Silakan menuju loket "
                                "petugas.",
                                "This kiosk is out of service. Please go to the counter."}
                         : Text{note, note};
        admin_return_ = on ? Screen::kOutOfService : Screen::kAttract;
        a.message = on ? Text{"Anjungan ditutup sementara.", "The kiosk is out of service."}
                       : Text{"Anjungan dibuka kembali.", "The kiosk is back in service."};
    } else if (action == "sync") {
        if (sync_now_) {
            sync_now_();
            a.message = {"Pengiriman ke kantor dimulai; periksa ulang sebentar lagi.",
                         "Sending to the office started; refresh in a moment."};
        } else {
            a.message = {"Sinkronisasi tidak berjalan di anjungan ini.",
                         "Sync is not running on this kiosk."};
        }
    } else if (action == "restart") {
        a.restart_requested = true;
        a.message = {"Aplikasi akan dimulai ulang.", "The application restarts."};
    }
    admin_refresh();
}

void Session::admin_tick() {
    if (admin_ == nullptr) {
        go(Screen::kAttract);
        return;
    }
    if (view_.screen == Screen::kAdmin) {
        if (admin_->tick() || !admin_->unlocked()) {
            view_.admin = AdminView{};
            go(admin_return_);
            return;
        }
        view_.admin.seconds_until_lock = admin_->seconds_until_lock();
        return;
    }
    // The PIN pad: a staff badge shown to the camera picks who is unlocking.
    if (const auto st = admin_->attempt_status(); !st.ok()) {
        view_.admin.wait_seconds = st.wait_seconds;
    } else {
        view_.admin.wait_seconds = 0;
    }
    if (view_.admin.badge.empty()) {
        if (auto f = dev_.camera.read(); f && ++frames_seen_ % static_cast<std::uint64_t>(std::max(
                                                                   1, policy_.qr_every_n_frames)) ==
                                                  0) {
            const auto codes = drivers::read_qr_codes(f->image);
            if (!codes.empty() && codes.front().rfind("AJ", 0) != 0) {
                view_.admin.badge = codes.front();
                view_.admin.message = {"Kartu petugas terbaca. Masukkan PIN.",
                                       "Staff badge read. Enter the PIN."};
            }
        }
    }
    // The PIN pad closes by itself like any other screen.
    if (now_ms() - last_touch_ms_ >= config_.timeouts.idle_seconds * 1000LL) {
        view_.admin = AdminView{};
        go(admin_return_);
    }
}

}  // namespace anjungan::kiosk
