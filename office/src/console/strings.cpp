// The console's catalogue: every text its pages show, in Indonesian (first) and English. The
// templates name them as {{t.KEY}}; the handlers through text(). Keys are never shown.
#include <map>
#include <stdexcept>

#include "console.hpp"

namespace anjungan::office::console {

namespace {

struct Entry {
    const char* key;
    const char* id;
    const char* en;
};

constexpr Entry kTexts[] = {
    // The frame of every page
    {"app", "Anjungan: konsol kantor", "Anjungan: office console"},
    {"office", "Diskominfo SP Kota Palangka Raya", "Diskominfo SP, Palangka Raya City"},
    {"skip", "Lompat ke isi", "Skip to content"},
    {"nav", "Menu utama", "Main menu"},
    {"nav_inbox", "Kotak masuk", "Inbox"},
    {"nav_cases", "Semua berkas", "All cases"},
    {"nav_staff", "Petugas", "Staff"},
    {"nav_kiosks", "Anjungan", "Kiosks"},
    {"nav_audit", "Jejak audit", "Audit trail"},
    {"signed_in_as", "Masuk sebagai", "Signed in as"},
    {"logout", "Keluar", "Sign out"},
    {"other_lang", "English", "Bahasa Indonesia"},
    {"other_lang_code", "en", "id"},
    {"other_lang_name", "Switch to English", "Ganti ke Bahasa Indonesia"},
    // Sign-in
    {"login_title", "Masuk ke konsol", "Sign in to the console"},
    {"login_intro", "Untuk petugas Dinas Kominfo SP. Masukkan nama pengguna dan kata sandi Anda.",
     "For the staff of Dinas Kominfo SP. Enter your user name and password."},
    {"username", "Nama pengguna", "User name"},
    {"password", "Kata sandi", "Password"},
    {"login", "Masuk", "Sign in"},
    {"login_wrong", "Nama pengguna atau kata sandi salah.", "Wrong user name or password."},
    {"login_expired", "Sesi Anda berakhir karena lama tidak aktif. Silakan masuk lagi.",
     "Your session ended after a while without activity. Please sign in again."},
    {"login_out", "Anda sudah keluar.", "You are signed out."},
    {"login_disabled", "Akun Anda dinonaktifkan; sesi Anda berakhir. Hubungi admin kantor.",
     "Your account was disabled and your session ended. Ask the office's administrator."},
    {"role_head", "Kepala Dinas", "Head of department (Kepala Dinas)"},
    {"role_division_head", "Kabid Statistik dan Persandian", "Division head (Kabid)"},
    {"role_section_head", "Kasi Tata Kelola Persandian", "Section head (Kasi)"},
    {"role_verifier", "Verifikator", "Verifier"},
    {"role_admin", "Admin", "Administrator"},
    {"login_needed", "Silakan masuk untuk membuka halaman itu.",
     "Please sign in to open that page."},
    // Inbox and lists
    {"inbox_title", "Kotak masuk", "Inbox"},
    {"inbox_intro", "Berkas yang menunggu tindakan Anda, yang terlama di atas.",
     "Cases waiting for you, oldest first."},
    {"inbox_empty", "Tidak ada berkas yang menunggu Anda.", "No case is waiting for you."},
    {"counts", "Jumlah berkas per status", "Cases per status"},
    {"overdue", "Terlambat", "Overdue"},
    {"overdue_by", "terlambat {}", "{} overdue"},
    {"time_left", "sisa {}", "{} left"},
    {"no_deadline", "tanpa batas waktu", "no deadline"},
    {"receipt_no", "Nomor tanda terima", "Receipt number"},
    {"name", "Nama", "Name"},
    {"work_unit", "Unit kerja", "Work unit"},
    {"status", "Status", "Status"},
    {"received", "Diterima", "Received"},
    {"deadline", "Batas waktu", "Deadline"},
    {"open", "Buka", "Open"},
    {"cases_title", "Semua berkas", "All cases"},
    {"filters", "Saring", "Filter"},
    {"any", "Semua", "Any"},
    {"date_from", "Diterima sejak", "Received from"},
    {"date_to", "Diterima sampai", "Received until"},
    {"day_from", "Sejak tanggal", "From"},
    {"day_to", "Sampai tanggal", "Until"},
    {"only_overdue", "Hanya yang terlambat", "Overdue only"},
    {"search", "Cari nomor atau nama", "Search number or name"},
    {"apply", "Terapkan", "Apply"},
    {"reset", "Hapus saringan", "Clear filters"},
    {"found", "{} berkas", "{} case(s)"},
    {"none_found", "Tidak ada berkas yang cocok dengan saringan.", "No case matches the filters."},
    {"prev", "Sebelumnya", "Previous"},
    {"next", "Berikutnya", "Next"},
    {"page_of", "Halaman {}", "Page {}"},
    {"pages", "Halaman daftar", "List pages"},
    {"bad_date", "Tanggal harus berformat YYYY-MM-DD.", "Dates must be written YYYY-MM-DD."},
    // The case page
    {"case_title", "Berkas {}", "Case {}"},
    {"applicant", "Pemohon", "Applicant"},
    {"full_name", "Nama lengkap (KTP)", "Full name (KTP)"},
    {"certificate_name", "Nama untuk sertifikat", "Name on the certificate"},
    {"nik", "NIK", "NIK"},
    {"nip", "NIP", "NIP"},
    {"employment", "Status kepegawaian", "Employment"},
    {"sex", "Jenis kelamin", "Sex"},
    {"sex_M", "Laki-laki", "Male"},
    {"sex_F", "Perempuan", "Female"},
    {"email", "E-mail dinas", "Official e-mail"},
    {"phone", "Nomor ponsel", "Mobile phone"},
    {"position", "Jabatan", "Position"},
    {"office_address", "Alamat kantor", "Office address"},
    {"decoded", "Dibaca dari nomor", "Read from the number"},
    {"region", "Wilayah", "Region"},
    {"birth_date", "Tanggal lahir", "Birth date"},
    {"service_start", "Mulai bekerja", "Service start"},
    {"number_problem", "Nomor ini tidak sah: {}", "This number is not valid: {}"},
    {"kiosk_warnings", "Peringatan yang dikonfirmasi pemohon di anjungan",
     "Warnings the applicant confirmed at the kiosk"},
    {"same_nik", "NIK yang sama ada pada berkas lain:", "The same NIK is on another case:"},
    {"documents", "Dokumen", "Documents"},
    {"doc_ktp", "KTP berwarna", "Colour KTP"},
    {"doc_sk", "SK jabatan", "Position decree (SK)"},
    {"doc_letter", "Surat permohonan", "Application letter"},
    {"doc_selfie", "Swafoto", "Selfie"},
    {"page_n", "halaman {}", "page {}"},
    {"full_size", "Ukuran penuh", "Full size"},
    {"download", "Unduh", "Download"},
    {"doc_no_preview", "Pratinjau tidak tersedia untuk format file ini; unduh untuk membukanya.",
     "No preview for this file's format; download it to open it."},
    {"employment_pns", "PNS", "Civil servant (PNS)"},
    {"employment_pppk", "PPPK", "Contract civil servant (PPPK)"},
    {"employment_other_asn", "ASN lainnya", "Other ASN"},
    {"now", "sekarang", "now"},
    {"doc_missing", "File ini belum sampai di kantor.", "This file has not reached the office."},
    {"doc_unreadable", "File ini tidak dapat dibaca: {}", "This file cannot be read: {}"},
    {"history", "Riwayat", "History"},
    {"when", "Waktu", "Time"},
    {"who", "Oleh", "By"},
    {"role", "Peran", "Role"},
    {"note", "Catatan", "Note"},
    {"reasons", "Alasan", "Reasons"},
    {"opened_by", "Dibuka oleh", "Opened by"},
    {"nobody_else", "Belum ada petugas lain yang membuka berkas ini.",
     "No other staff member has opened this case."},
    {"moves", "Tindakan", "Actions"},
    {"moves_none", "Tidak ada tindakan untuk peran Anda pada status ini.",
     "Your role has no action at this status."},
    {"note_for", "Catatan (ikut tercatat dan terlihat oleh pemohon)",
     "Note (kept in the record and shown to the applicant)"},
    {"note_required", "Catatan (wajib)", "Note (required)"},
    {"reasons_pick", "Alasan pengembalian (pilih satu atau lebih)",
     "Reasons for returning (one or more)"},
    {"reason_other", "Alasan lain", "Another reason"},
    {"moved", "Berkas dipindahkan ke: {}.", "The case moved to: {}."},
    {"stale",
     "Berkas ini sudah dipindahkan oleh petugas lain menjadi \"{}\". Tidak ada yang diubah; inilah "
     "keadaan terbarunya.",
     "Someone else has moved this case meanwhile, to \"{}\". Nothing was changed; this is its "
     "state now."},
    {"forbidden_move", "Peran Anda tidak boleh melakukan tindakan itu pada berkas ini.",
     "Your role may not make that move on this case."},
    {"letter_place", "Surat rekomendasi ke BSrE", "Recommendation letter to BSrE"},
    {"letter_soon", "Penyerahan data ke BSrE dan e-mail ke pemohon menyusul.",
     "The hand-off to BSrE and e-mail to the applicant come next."},
    {"letter_no", "Nomor surat", "Letter number"},
    {"letter_date", "Tanggal surat", "Letter date"},
    {"letter_made", "Dibuat", "Made"},
    {"letter_make", "Buat surat rekomendasi", "Make the recommendation letter"},
    {"letter_remake", "Buat ulang (nomor baru; surat lama dibatalkan)",
     "Make again (a new number; the old letter becomes void)"},
    {"letter_waiting", "Surat dibuat oleh verifikator setelah berkas terverifikasi.",
     "The verifier makes the letter once the files are verified."},
    {"letter_void", "Dibatalkan", "Void"},
    {"letter_none", "Berkas ini belum memiliki surat rekomendasi.",
     "This case has no recommendation letter yet."},
    {"letter_not_yours", "Surat rekomendasi dibuat oleh verifikator, setelah berkas terverifikasi.",
     "The recommendation letter is made by the verifier, once the files are verified."},
    {"letter_failed", "Surat rekomendasi tidak dapat dibuat; lihat log kantor.",
     "The recommendation letter could not be made; see the office's log."},
    {"letter_made_now", "Surat rekomendasi {} dibuat.", "Recommendation letter {} made."},
    {"letter_page", "Surat rekomendasi, halaman 1", "Recommendation letter, page 1"},
    {"back_inbox", "Kembali ke kotak masuk", "Back to the inbox"},
    {"position_of", "{} dari {}", "{} of {}"},
    {"back_to", "Kembali ke daftar", "Back to the list"},
    {"case_nav", "Berkas sebelumnya dan berikutnya", "Previous and next case"},
    {"not_found", "Tidak ada berkas dengan nomor itu.", "There is no case with that number."},
    // Moves: the button of each status
    {"to_head_disposition", "Disposisikan ke Kabid", "Dispose to the division head"},
    {"to_division_disposition", "Teruskan ke Kasi", "Forward to the section head"},
    {"to_section_verified", "Berkas lengkap dan benar", "Files complete and correct"},
    {"to_sent_to_bsre", "Rekomendasi dikirim ke BSrE", "Recommendation sent to BSrE"},
    {"to_bsre_registration", "Terdaftar di BSrE", "Registered at BSrE"},
    {"to_issued", "Sertifikat terbit", "Certificate issued"},
    {"to_returned", "Kembalikan untuk perbaikan", "Return for correction"},
    {"to_received", "Berkas perbaikan diterima", "Corrected files received"},
    {"to_rejected", "Tolak permohonan", "Reject the application"},
    // Return reasons
    {"reason_ktp_unreadable", "KTP tidak terbaca", "KTP not readable"},
    {"reason_ktp_not_colour", "KTP tidak berwarna", "KTP not in colour"},
    {"reason_sk_not_latest", "SK bukan yang terbaru", "SK is not the latest"},
    {"reason_letter_unsigned", "Surat permohonan belum ditandatangani",
     "Application letter not signed"},
    {"reason_email_not_go_id", "E-mail bukan alamat .go.id", "E-mail is not a .go.id address"},
    {"reason_name_mismatch", "Nama di KTP dan SK berbeda", "Name differs between KTP and SK"},
    {"reason_nip_mismatch", "NIP tidak sesuai dengan SK", "NIP does not match the SK"},
    {"reason_selfie_unclear", "Swafoto tidak jelas", "Selfie not clear"},
    // Refusals of a move
    {"need_note", "Penolakan memerlukan catatan.", "A rejection needs a note."},
    {"need_reasons", "Pilih atau tulis sedikitnya satu alasan pengembalian.",
     "Pick or write at least one reason for returning the case."},
    {"move_refused", "Tindakan ditolak: {}", "The move was refused: {}"},
    // Admin: staff
    {"staff_title", "Petugas", "Staff"},
    {"staff_add", "Tambah petugas", "Add a staff member"},
    {"display_name", "Nama tampilan", "Display name"},
    {"console_account", "Akun konsol", "Console account"},
    {"yes", "ya", "yes"},
    {"no", "tidak", "no"},
    {"active", "Aktif", "Active"},
    {"disabled", "Dinonaktifkan", "Disabled"},
    {"disable", "Nonaktifkan", "Disable"},
    {"enable", "Aktifkan", "Enable"},
    {"new_password", "Kata sandi baru", "New password"},
    {"set_password", "Atur ulang kata sandi", "Reset password"},
    {"added", "Ditambahkan", "Added"},
    {"token_until", "Token API berlaku sampai", "API token valid until"},
    {"staff_added", "Petugas {} ditambahkan. Token API (tampil sekali, simpan baik-baik): {}",
     "Staff member {} added. API token (shown once, keep it safe): {}"},
    {"staff_disabled", "{} dinonaktifkan: sesi dan token API-nya berakhir.",
     "{} is disabled: their sessions and API token have ended."},
    {"staff_enabled", "{} boleh masuk lagi.", "{} may sign in again."},
    {"password_set", "Kata sandi {} diatur ulang.", "The password of {} is reset."},
    {"password_refused", "Kata sandi ditolak: {}", "Password refused: {}"},
    {"name_refused", "Nama pengguna ditolak: {}", "User name refused: {}"},
    {"name_taken", "Nama pengguna {} sudah dipakai.", "The user name {} is taken."},
    {"not_self", "Anda tidak dapat menonaktifkan akun Anda sendiri.",
     "You cannot disable your own account."},
    {"admin_only", "Halaman ini hanya untuk admin.", "This page is for the administrator only."},
    // Admin: kiosks
    {"kiosks_title", "Anjungan terdaftar", "Registered kiosks"},
    {"kiosk_id", "ID anjungan", "Kiosk id"},
    {"public_key", "Kunci publik", "Public key"},
    {"retired", "Dipensiunkan", "Retired"},
    {"retire", "Pensiunkan", "Retire"},
    {"kiosk_retired", "Anjungan {} dipensiunkan: permintaannya ditolak mulai sekarang.",
     "Kiosk {} is retired: its requests are refused from now on."},
    {"kiosks_none", "Belum ada anjungan terdaftar.", "No kiosk is registered yet."},
    // Admin: audit
    {"audit_title", "Jejak audit", "Audit trail"},
    {"actor", "Pelaku", "Actor"},
    {"action", "Tindakan", "Action"},
    {"case", "Berkas", "Case"},
    {"detail", "Rincian", "Detail"},
    {"audit_none", "Tidak ada catatan yang cocok.", "No entry matches."},
    // Errors
    {"error_title", "Terjadi kesalahan", "Something went wrong"},
    {"forbidden",
     "Permintaan ditolak (token formulir tidak cocok). Muat ulang halaman lalu coba lagi.",
     "The request was refused (the form's token does not match). Reload the page and try again."},
    {"page_missing", "Halaman tidak ditemukan.", "There is no such page."},
    {"request_refused", "Permintaan ini tidak dapat dilayani.", "This request cannot be served."},
};

}  // namespace

const nlohmann::json& catalogue(domain::Lang lang) {
    static const nlohmann::json id = [] {
        nlohmann::json j = nlohmann::json::object();
        for (const auto& e : kTexts) {
            if (j.contains(e.key)) {  // one key, two texts: every page fails, and the tests
                throw std::logic_error(std::string("console: the catalogue has ") + e.key +
                                       " twice");
            }
            j[e.key] = e.id;
        }
        return j;
    }();
    static const nlohmann::json en = [] {
        nlohmann::json j = nlohmann::json::object();
        for (const auto& e : kTexts) {
            j[e.key] = e.en;
        }
        return j;
    }();
    return lang == domain::Lang::kId ? id : en;
}

std::string text(std::string_view key, domain::Lang lang) {
    const auto& c = catalogue(lang);
    const auto it = c.find(std::string(key));
    if (it == c.end()) {
        throw std::logic_error("console: no text " + std::string(key) + " in the catalogue");
    }
    return it->get<std::string>();
}

std::string text(std::string_view key, domain::Lang lang, const std::string& arg) {
    std::string t = text(key, lang);
    const auto pos = t.find("{}");
    if (pos != std::string::npos) {
        t.replace(pos, 2, arg);
    }
    return t;
}

std::string text(std::string_view key, domain::Lang lang, const std::string& a,
                 const std::string& b) {
    std::string t = text(key, lang, a);
    const auto pos = t.find("{}");
    if (pos != std::string::npos) {
        t.replace(pos, 2, b);
    }
    return t;
}

}  // namespace anjungan::office::console
