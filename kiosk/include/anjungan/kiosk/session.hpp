// The walk-in session as a state machine without any UI: screens, intents, devices, timeouts.
//
// The UI renders `view()` and sends intents with `apply()`; it calls `tick()` every frame so
// the session can read the camera, run the quality gate, collect finished scans and prints,
// and run the idle timers. Everything that happens is decided here, so the whole flow is
// driven in tests by scripted intents, simulated devices and an injected clock.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "anjungan/domain/applicant.hpp"
#include "anjungan/domain/case.hpp"
#include "anjungan/drivers/camera.hpp"
#include "anjungan/drivers/qr_reader.hpp"
#include "anjungan/drivers/scanner.hpp"
#include "anjungan/kiosk/admin.hpp"
#include "anjungan/kiosk/captured_documents.hpp"
#include "anjungan/kiosk/lookup_throttle.hpp"
#include "anjungan/kiosk/receipt.hpp"
#include "anjungan/kiosk/store.hpp"
#include "anjungan/platform/clock.hpp"
#include "anjungan/platform/config.hpp"
#include "anjungan/platform/task.hpp"
#include "anjungan/printing/printer.hpp"
#include "anjungan/printing/qr_payload.hpp"
#include "anjungan/vision/gate.hpp"

namespace anjungan::kiosk {

enum class Screen {
    kAttract,        // "attract": the idle screen; start, status lookup
    kLanguage,       // "language"
    kConsent,        // "consent": what is collected, why, for how long (UU 27/2022)
    kIdentity,       // "identity": names, NIK, status, NIP, sex
    kContact,        // "contact": official e-mail, phone
    kWork,           // "work": work unit, position, office province, city and street
    kCaptureKtp,     // "capture_ktp": camera
    kCaptureSk,      // "capture_sk": scanner
    kCaptureLetter,  // "capture_letter": scanner
    kCaptureSelfie,  // "capture_selfie": camera
    kReview,         // "review": everything, each part editable
    kReceipt,        // "receipt": the number, printing and its outcome
    kDone,           // "done": thank you; back to attract by itself
    kDuplicate,      // "duplicate": this NIK has an open case (no number, no details); continue
    kNeedHelp,       // "need_help": repeated failures or a fault; staff will help
    kDeviceFault,    // "device_fault": camera or scanner missing or unplugged
    kStatusLookup,   // "status_lookup": scan the receipt, or type its number and phone digits
    kStatusResult,   // "status_result": the case's timeline
    kOutOfService,   // "out_of_service": set by staff
    kAdminPin,       // "admin_pin": staff PIN pad (after the hidden gesture); badge by camera
    kAdmin,          // "admin": admin mode, unlocked
};
std::string_view to_code(Screen s);
std::optional<Screen> screen_from_code(std::string_view code);

// Staff's actions in admin mode. Each is written to the audit log as the staff member who did it.
enum class AdminAction {
    kRefresh,       // "refresh": device health, outbox, recent cases again
    kTestPrint,     // "test_print": a sample receipt
    kTestCapture,   // "test_capture": one camera frame, checked as a KTP
    kTestScan,      // "test_scan": one page from the scanner
    kReprint,       // "reprint": argument the receipt number
    kOutOfService,  // "out_of_service": argument "on [message]" or "off"
    kRestart,       // "restart": the application restarts (ui/ ends its loop)
    kSync,          // "sync": wakes the sync thread
    kLock,          // "lock": leave admin mode
};
std::string_view to_code(AdminAction a);
std::optional<AdminAction> admin_action_from_code(std::string_view code);

// What the person (or staff) did. The typed members carry what some intents need; `from_text`
// reads the text form of scripts, the CLI and tests ("remove_page 2", "admin_action reprint X").
struct Intent {
    enum class Kind {
        kTouch,         // any touch: resets the idle timer
        kStart,         // attract -> language
        kLanguage,      // lang; allowed on every screen
        kAccept,        // consent given
        kDecline,       // consent refused: the session ends
        kSetField,      // field: applicant field name; value: the text
        kNext,          // the screen's main button
        kBack,          // one step back
        kCancel,        // end the session now (wipes everything)
        kConfirm,       // "yes, this is right" / "continue anyway"
        kShutter,       // manual capture (enabled after a while)
        kScanPage,      // scan one page (SK, letter)
        kRemovePage,    // page: 1-based page number
        kRetake,        // document (on review); on a capture screen, that screen's
        kEdit,          // screen: "identity", "contact", "work"
        kSubmit,        // review -> save the case and print
        kStillHere,     // answers the idle warning
        kStatusLookup,  // attract -> status lookup
        kTypeReceipt,   // value: "RECEIPT_NO DIGITS": the number and the phone's last 4 digits
        kRetry,         // need_help / device fault: try again
        kFinish,        // receipt / status result -> done / attract
        kAdminGesture,  // the hidden gesture: attract, out of service, need help -> PIN pad
        kAdminPin,      // value: the PIN typed on the pad
        kAdminAction,   // action; value: its argument
    };
    Intent() = default;
    Intent(Kind k) : kind(k) {}  // NOLINT(google-explicit-constructor): intents read as kinds

    Kind kind = Kind::kTouch;
    std::string field;  // kSetField: the field's code; kAdminAction: the action as named
    std::string value;  // kSetField, kTypeReceipt, kAdminPin: the text; kAdminAction: argument
    std::optional<domain::Lang> lang;              // kLanguage (none: not offered, ignored)
    int page = 0;                                  // kRemovePage (0: none)
    std::optional<Screen> screen;                  // kEdit
    std::optional<domain::DocumentKind> document;  // kRetake
    std::optional<AdminAction> action;             // kAdminAction (none: unknown)

    // The text form: `field` names the field, screen, document or action; `value` is the text,
    // the language code, the page number or the action's argument.
    static Intent from_text(Kind kind, std::string field = {}, std::string value = {});
    static Intent set_field(std::string field, std::string value);
    static Intent language(domain::Lang lang);
    static Intent remove_page(int page);
    static Intent edit(Screen screen);
    static Intent retake(domain::DocumentKind document);
    static Intent admin(AdminAction action, std::string argument = {});
    // A typed look-up: the receipt number and the last four digits of the phone given in the
    // application (the second factor; a scanned receipt needs none).
    static Intent type_receipt(const std::string& receipt_no, const std::string& phone_digits);
};
std::string_view to_code(Intent::Kind k);
std::optional<Intent::Kind> intent_from_code(std::string_view code);

// A message in both languages; the UI shows the session's language.
struct Text {
    std::string id;
    std::string en;
    const std::string& in(domain::Lang lang) const { return lang == domain::Lang::kId ? id : en; }
    bool empty() const { return id.empty() && en.empty(); }
};

// What the consent screen tells the person before anything is collected (UU 27/2022 on
// personal data protection): what is collected, why, who receives it, how long it is kept
// at the kiosk, and their rights. Paragraphs, Indonesian and English.
std::vector<Text> consent_notice(const platform::Config& config);

struct CaptureView {
    domain::DocumentKind kind = domain::DocumentKind::kKtp;
    bool camera = true;                      // camera (KTP, selfie) or scanner (SK, letter)
    cv::Mat preview;                         // the newest camera frame (BGR)
    std::uint64_t preview_seq = 0;           // counts frames shown: a new number, a new frame
    std::optional<vision::Verdict> verdict;  // the newest verdict (preview or scan)
    Text guidance;                           // what to do now
    double progress = 0;                     // 0..1 towards auto-capture (countdown ring)
    bool shutter_enabled = false;            // manual shutter offered
    bool scanning = false;                   // a scan is running
    int failures = 0;                        // captures refused by the full check
    bool taken = false;  // accepted; waiting for Next or Retake (SessionPolicy::confirm_captures)
    std::vector<cv::Mat> pages;  // accepted pages (rectified), for thumbnails
};

struct StatusView {
    std::string receipt_no;
    domain::CaseStatus status = domain::CaseStatus::kReceived;
    std::string masked_name;
    std::vector<domain::StatusChange> history;  // times in UTC; the UI shows them in local time
    Text label;
    Text next_step;
};

struct AdminView {
    bool unlocked = false;
    std::string staff_id;
    int seconds_until_lock = 0;
    std::string badge;     // a staff badge read by the camera on the PIN pad (the PIN follows)
    Text message;          // the last unlock attempt's or action's outcome
    int wait_seconds = 0;  // a delay or lock-out running
    // Device health, refreshed on unlock and by the "refresh" action.
    drivers::DeviceHealth camera;
    drivers::DeviceHealth scanner;
    printing::PrinterStatus printer;
    std::uint64_t disk_free_bytes = 0;
    OutboxCounts outbox;
    std::string last_sync;                    // the last clean sync pass (UTC); empty: never
    std::string sync_error;                   // the last pass's problem, for staff
    std::vector<std::string> quarantined;     // "receipt: reason" of cases the office refused
    std::vector<CaseSummary> recent;          // masked
    std::vector<CaseSummary> awaiting_print;  // receipts to reprint
    std::vector<AuditEntry> audit;            // newest first
    bool restart_requested = false;
    bool out_of_service = false;  // the kiosk returns to "out of service" when staff leave
};

enum class FaultDevice { kNone, kCamera, kScanner };
std::string_view to_code(FaultDevice d);  // "", "camera", "scanner"

struct SessionView {
    Screen screen = Screen::kAttract;
    domain::Lang lang = domain::Lang::kId;
    int step = 0;  // 1..steps on the applicant's path, 0 elsewhere
    int steps = 10;
    domain::Applicant applicant;               // as typed so far (normalised on Next)
    std::vector<domain::FieldProblem> errors;  // errors of the current screen's fields
    std::vector<domain::FieldProblem>
        warnings;           // questions ("is this right?") for the current screen
    bool question = false;  // warnings wait for kConfirm before Next proceeds
    CaptureView capture;    // the current capture screen's state
    std::vector<domain::DocumentKind> captured;  // documents complete so far
    std::vector<DocumentThumb> documents;        // the review screen: one picture per document
    // The idle warning: seconds left before the session is wiped, or nothing.
    std::optional<int> idle_countdown;
    Text message;              // the screen's notice: a fault, a refusal, a result
    std::vector<Text> notice;  // the consent screen's paragraphs
    // Receipt screen.
    std::string receipt_no;
    bool saving = false;  // the case is being written (encoding, durable writes)
    bool printing = false;
    bool printed = false;
    std::optional<printing::PrinterState> printer_state;  // once the print ended
    // Duplicate screen: the NIK has an open case. Neither its receipt number nor anything else
    // of it reaches the view: whoever types a NIK learns only that.
    bool open_case = false;
    // Status screens.
    std::optional<StatusView> status;
    // "invalid_receipt", "phone_digits" (the second factor missing), "no_match" (typed number and
    // digits match no case here), "throttled" (typed look-ups wait), "unknown_receipt" (a
    // scanned receipt not held here), "several_receipts", "mixed_codes", a payload reason
    std::string lookup_fault;
    int lookup_wait_seconds = 0;  // typed look-ups are not checked for this long (scans are)
    // Device fault screen: which device is gone.
    FaultDevice fault_device = FaultDevice::kNone;
    AdminView admin;
};

struct SessionDevices {
    drivers::Camera& camera;
    drivers::Scanner& scanner;
    printing::Printer& printer;
};

// Timings of the flow. Idle timeouts come from the configuration ([timeouts]).
struct SessionPolicy {
    int shutter_after_ms = 8000;  // manual shutter offered after this long on a capture
    int help_after_failures = 3;  // refused captures before "staff will help"
    int help_after_ms = 120000;   // no good capture for this long: "staff will help"
    int done_seconds = 10;        // the done screen returns to attract by itself
    int receipt_seconds = 60;     // the receipt screen moves on by itself
    int status_seconds = 45;      // a status result returns to attract by itself
    int qr_every_n_frames = 3;    // status lookup: decode every n-th camera frame
    LookupPolicy lookup;          // throttling typed look-ups and duplicate-NIK checks
    int scan_dpi = 200;
    // After a camera capture is accepted, stay on its screen with the picture until the person
    // presses Next (or Retake); otherwise move on at once (the headless runner, tests).
    bool confirm_captures = false;
    // Run the preview gate on a worker thread, one frame at a time, while the camera's frames
    // keep reaching the screen (the UI's 60 frames a second); otherwise on the caller's thread
    // for every frame (the headless runner, tests: deterministic on a simulated clock).
    bool async_gate = false;
};

// The session's threading rule: `apply`, `tick` and `view` are called from one thread, the
// owner's (the UI's render loop, a test, the CLI runner), never at the same time. Slow work runs
// on the session's own tasks (the preview gate with SessionPolicy::async_gate, scans, saving the
// case, printing) and reaches the view only through `tick`. The owner may run one `apply` on a
// worker of its own (ui/ does so for admin intents, which wait on the PIN hash or a printer) as
// long as it calls nothing else on the session until that returns.
//
// The implementation is split by feature (as Tracy splits its view), in kiosk/src/session/:
// flow.cpp (screens, dispatch, idle, devices gone), intents.cpp (codes and typed intents),
// forms.cpp, camera.cpp (camera captures and the preview gate), scan.cpp, submit.cpp (saving and
// printing), status.cpp (receipt look-up), admin.cpp (staff mode) and texts.cpp (everything the
// session says).
class Session {
  public:
    Session(Store& store, SessionDevices devices, const platform::SigningKey& key,
            const platform::Config& config, const platform::Clock& clock,
            const vision::FaceModel* faces, printing::KeyRing keys, SessionPolicy policy = {});
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void apply(const Intent& intent);
    void tick();
    const SessionView& view() const { return view_; }

    // Admin mode's guard (staff PINs and badges); without one the gesture does nothing.
    void set_admin(AdminGuard* guard) { admin_ = guard; }
    // Wakes the sync thread: called when a case was stored and by staff's "send to the office
    // now" (none: sync is not running). Called from the session's threads; must be cheap.
    void set_sync_trigger(std::function<void()> trigger) { sync_now_ = std::move(trigger); }
    // The case submitted last (for tests and the headless runner); after a wipe only its ids
    // and receipt number remain.
    const std::optional<domain::CaseRecord>& last_case() const { return last_case_; }

  private:
    // flow.cpp
    void go(Screen s);
    void wipe();
    // The camera or the scanner is gone: the device-fault screen, back to this one when it
    // returns.
    void fail_device(FaultDevice device, const std::string& detail);
    void idle_tick();
    Screen after(Screen s) const;
    Screen before(Screen s) const;
    // Where Next (or a finished capture) leads: back to review when editing from there.
    Screen next_of(Screen s) const { return return_to_review_ ? Screen::kReview : after(s); }
    Screen back_of(Screen s) const { return return_to_review_ ? Screen::kReview : before(s); }
    std::int64_t now_ms() const;
    // forms.cpp
    void apply_form(const Intent& in);
    void apply_duplicate(const Intent& in);
    void next_from_form();
    // The screen's problems: of the fields typed so far, or (Next) of all of them.
    void validate_screen(bool all_fields = false);
    bool set_field(const std::string& field, const std::string& value);
    // camera.cpp
    void apply_camera(const Intent& in);
    void start_capture(Screen s);
    void capture_tick();
    void take_still(const cv::Mat& frame);
    // Applies the gate's answer for `frame`; true when it captured (the screen may change).
    bool apply_gate(const vision::PreviewGate::Step& step, const cv::Mat& frame);
    void stop_gate();  // waits for a running gate job and drops the gate
    void refuse(const vision::Verdict& v);
    // scan.cpp
    void apply_scan(const Intent& in);
    void scan_tick();
    void accept_page(domain::DocumentKind kind, const cv::Mat& image);
    // submit.cpp
    void apply_review(const Intent& in);
    void submit();
    void submit_tick();
    void start_print();
    // status.cpp
    void apply_status(const Intent& in);
    void lookup_tick();
    void type_receipt(const std::string& typed);
    void show_status(const std::string& receipt_no, const std::string& case_id);
    void show_case(const domain::CaseRecord& rec);
    // admin.cpp
    void admin_apply(const Intent& in);
    void admin_action(AdminAction action, const std::string& arg);
    void admin_refresh();
    void admin_tick();
    void admin_leave();

    Store& store_;
    SessionDevices dev_;
    const platform::SigningKey& key_;
    const platform::Config& config_;
    const platform::Clock& clock_;
    const vision::FaceModel* faces_;
    printing::KeyRing keys_;
    SessionPolicy policy_;
    vision::Thresholds thresholds_;

    SessionView view_;
    std::string case_id_;
    bool return_to_review_ = false;
    bool confirmed_warnings_ = false;
    bool duplicate_acknowledged_ = false;
    Screen fault_return_ = Screen::kAttract;
    std::unique_ptr<vision::PreviewGate> gate_;
    platform::Task<vision::PreviewGate::Step> gate_job_;  // SessionPolicy::async_gate
    cv::Mat gate_frame_;                                  // the frame gate_job_ looks at
    cv::Mat last_frame_;
    std::int64_t screen_since_ms_ = 0;
    std::int64_t last_touch_ms_ = 0;
    std::int64_t last_good_ms_ = 0;
    std::uint64_t frames_seen_ = 0;
    drivers::QrFrameReader qr_;  // status lookup: the direct read plus one repair pass a frame
    LookupThrottle throttle_;
    CapturedDocuments docs_;
    platform::Task<drivers::ScanResult> scan_;
    platform::Task<domain::CaseRecord> save_;
    platform::Task<ReceiptPrint> print_;
    std::optional<domain::CaseRecord> last_case_;
    AdminGuard* admin_ = nullptr;
    std::function<void()> sync_now_;
    Screen admin_return_ = Screen::kAttract;
    bool out_of_service_ = false;
    Text out_of_service_message_;
};

}  // namespace anjungan::kiosk
