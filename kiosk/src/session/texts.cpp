#include "texts.hpp"

#include "anjungan/kiosk/capture.hpp"

namespace anjungan::kiosk {

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

namespace texts {

Text out_of_service_default() {
    return {"Anjungan sedang tidak dapat digunakan. Silakan menuju loket petugas.",
            "This kiosk is out of service. Please go to the counter."};
}

Text no_such_field(const std::string& field) {
    return {"Isian '" + field + "' tidak ada di layar ini.",
            "There is no field '" + field + "' on this screen."};
}

Text check_marked_fields() {
    return {"Periksa isian yang ditandai.", "Please check the marked fields."};
}

Text is_this_right() {
    return {"Apakah data ini sudah benar?", "Is this right?"};
}

Text nik_has_open_case() {
    return {
        "NIK ini sudah memiliki permohonan yang sedang diproses. Untuk melihat statusnya, "
        "pindai kode QR pada tanda terimanya di anjungan ini. Tanda terima hilang? Hubungi "
        "kantor Dinas Kominfo SP dengan membawa KTP.",
        "This NIK already has an application in progress. To see its status, scan the QR "
        "code on its receipt at this kiosk. Lost the receipt? Contact the Dinas Kominfo SP "
        "office and bring your KTP."};
}

Text look_at_camera() {
    return {"Lihat ke kamera, wajah di dalam bingkai.",
            "Look at the camera, your face inside the frame."};
}

Text guidance(vision::Kind kind, const vision::Verdict& v) {
    if (const auto r = v.first()) {
        return {std::string(kiosk::guidance(kind, *r, domain::Lang::kId)),
                std::string(kiosk::guidance(kind, *r, domain::Lang::kEn))};
    }
    return {std::string(guidance_ok(kind, domain::Lang::kId)),
            std::string(guidance_ok(kind, domain::Lang::kEn))};
}

Text guidance_not_found(vision::Kind kind) {
    return {std::string(kiosk::guidance(kind, vision::Reason::kNotFound, domain::Lang::kId)),
            std::string(kiosk::guidance(kind, vision::Reason::kNotFound, domain::Lang::kEn))};
}

Text captured() {
    return {"Berhasil.", "Done."};
}

Text ktp_taken() {
    return {"KTP berhasil diambil. Periksa gambarnya, lalu Lanjut.",
            "KTP taken. Check the picture, then Next."};
}

Text photo_taken() {
    return {"Foto berhasil diambil. Periksa, lalu Lanjut.", "Photo taken. Check it, then Next."};
}

Text capture_too_long() {
    return {"Pengambilan gambar belum berhasil. Petugas akan membantu Anda.",
            "The picture could not be taken yet. Staff will help you."};
}

Text capture_refused_too_often() {
    return {"Gambar belum memenuhi syarat setelah beberapa kali. Petugas akan membantu Anda.",
            "The picture is still not good enough after several tries. Staff will help you."};
}

Text place_page() {
    return {"Letakkan halaman di pemindai, lalu tekan Pindai.",
            "Place the page on the scanner, then press Scan."};
}

Text scan_at_least_one_page() {
    return {"Pindai minimal satu halaman.", "Scan at least one page."};
}

Text page_accepted(std::size_t pages) {
    return {"Halaman " + std::to_string(pages) +
                " diterima. Pindai halaman berikutnya, atau tekan Lanjut.",
            "Page " + std::to_string(pages) + " accepted. Scan the next page, or press Next."};
}

Text scan_fault(drivers::ScanFault fault, const std::string& detail) {
    switch (fault) {
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
            return scanner_missing();
        case drivers::ScanFault::kIo:
        case drivers::ScanFault::kNone:
            break;
    }
    return {"Pemindaian gagal. Coba lagi atau panggil petugas.",
            "The scan failed. Try again or call the staff. (" + detail + ")"};
}

Text camera_missing() {
    return {"Kamera tidak terhubung. Mohon tunggu; petugas akan membantu Anda.",
            "The camera is not connected. Please wait; staff will help you."};
}

Text scanner_missing() {
    return {"Pemindai tidak terhubung. Petugas akan membantu Anda.",
            "The scanner is not connected. Staff will help you."};
}

Text not_saved() {
    return {"Permohonan belum dapat disimpan. Data Anda masih ada; petugas akan membantu Anda.",
            "The application could not be saved yet. Your data is still here; staff will help "
            "you."};
}

Text receipt_printed() {
    return {"Tanda terima sudah dicetak. Simpan baik-baik.",
            "Your receipt has been printed. Please keep it."};
}

Text receipt_not_printed(const std::string& receipt_no, printing::PrinterState state) {
    const auto e = printing::explain(state);
    return {"Nomor Anda: " + receipt_no + ". " + e.id + " Catat atau foto nomor ini.",
            "Your number: " + receipt_no + ". " + e.en + " Write down or photograph this number."};
}

Text invalid_receipt() {
    return {"Nomor tanda terima tidak sah. Periksa kembali.",
            "That is not a valid receipt number. Please check it."};
}

Text not_an_anjungan_code() {
    return {"Kode ini bukan tanda terima Anjungan.", "This code is not an Anjungan receipt."};
}

Text receipt_not_valid() {
    return {"Tanda terima ini tidak sah. Hubungi petugas.",
            "This receipt is not valid. Please ask the staff."};
}

Text unknown_receipt(const std::string& receipt_no) {
    return {"Tanda terima " + receipt_no +
                " tidak ditemukan di anjungan ini. Status tampil setelah data tersinkron; "
                "tanyakan petugas.",
            "Receipt " + receipt_no +
                " is not known at this kiosk. Its status shows once synchronised; please ask the "
                "staff."};
}

Text phone_digits_needed() {
    return {"Ketik juga 4 angka terakhir nomor HP yang Anda isi di permohonan.",
            "Also type the last 4 digits of the phone number you gave in the application."};
}

namespace {

std::string wait_id(int seconds) {
    return seconds >= 120 ? std::to_string((seconds + 59) / 60) + " menit"
                          : std::to_string(seconds) + " detik";
}

std::string wait_en(int seconds) {
    return seconds >= 120 ? std::to_string((seconds + 59) / 60) + " minutes"
                          : std::to_string(seconds) + " seconds";
}

}  // namespace

Text lookup_no_match(int wait_seconds) {
    Text t{
        "Nomor tanda terima dan 4 angka terakhir nomor HP tidak cocok dengan permohonan di "
        "anjungan ini. Periksa keduanya, atau pindai kode QR pada tanda terima.",
        "The receipt number and the last 4 digits of the phone do not match an application "
        "at this kiosk. Check both, or scan the QR code on the receipt."};
    if (wait_seconds > 0) {
        t.id += " Coba ketik lagi dalam " + wait_id(wait_seconds) + ".";
        t.en += " Try typing again in " + wait_en(wait_seconds) + ".";
    }
    return t;
}

Text lookup_wait(int wait_seconds) {
    return {"Terlalu banyak percobaan. Coba ketik lagi dalam " + wait_id(wait_seconds) +
                ", atau pindai kode QR pada tanda terima sekarang.",
            "Too many tries. Try typing again in " + wait_en(wait_seconds) +
                ", or scan the QR code on the receipt now."};
}

Text show_one_receipt() {
    return {"Ada lebih dari satu kode di depan kamera. Tunjukkan satu tanda terima saja.",
            "More than one code is in front of the camera. Show one receipt at a time."};
}

Text unknown_action(const std::string& action) {
    return {"Perintah tidak dikenal: " + action, "Unknown action: " + action};
}

Text test_print_result(bool printed, printing::PrinterState state) {
    if (printed) {
        return {"Cetak uji berhasil.", "Test print done."};
    }
    const auto e = printing::explain(state);
    return {"Cetak uji gagal: " + e.id, "Test print failed: " + e.en};
}

Text camera_no_picture(const std::string& detail) {
    return {"Kamera tidak memberi gambar: " + detail, "The camera gives no picture: " + detail};
}

Text camera_gives(int cols, int rows, bool ktp_readable) {
    const std::string size = std::to_string(cols) + "x" + std::to_string(rows);
    return {
        "Kamera memberi gambar " + size + (ktp_readable ? "; KTP terbaca." : "."),
        "The camera gives " + size + (ktp_readable ? " frames; a KTP is readable." : " frames.")};
}

Text scanner_result(const drivers::ScanResult& r) {
    if (r.ok()) {
        return {"Pemindai berfungsi.", "The scanner works."};
    }
    const std::string fault(drivers::to_code(r.fault));
    return {"Pemindai gagal: " + fault, "The scanner failed: " + fault + " (" + r.detail + ")"};
}

Text receipt_not_found(const std::string& receipt_no) {
    return {"Tanda terima " + receipt_no + " tidak ditemukan.",
            "Receipt " + receipt_no + " not found."};
}

Text reprinted(const std::string& receipt_no, int copy) {
    return {"Dicetak ulang: " + receipt_no + " (salinan " + std::to_string(copy) + ").",
            "Reprinted: " + receipt_no + " (copy " + std::to_string(copy) + ")."};
}

Text not_printed(printing::PrinterState state) {
    const auto e = printing::explain(state);
    return {"Belum tercetak: " + e.id, "Not printed: " + e.en};
}

Text out_of_service_set(bool on) {
    return on ? Text{"Anjungan ditutup sementara.", "The kiosk is out of service."}
              : Text{"Anjungan dibuka kembali.", "The kiosk is back in service."};
}

Text sync_started() {
    return {"Pengiriman ke kantor dimulai; periksa ulang sebentar lagi.",
            "Sending to the office started; refresh in a moment."};
}

Text sync_not_running() {
    return {"Sinkronisasi tidak berjalan di anjungan ini.", "Sync is not running on this kiosk."};
}

Text restarting() {
    return {"Aplikasi akan dimulai ulang.", "The application restarts."};
}

Text badge_read() {
    return {"Kartu petugas terbaca. Masukkan PIN.", "Staff badge read. Enter the PIN."};
}

}  // namespace texts

}  // namespace anjungan::kiosk
