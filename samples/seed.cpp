#include "anjungan/samples/seed.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "anjungan/platform/crypto.hpp"
#include "anjungan/samples/sample_case.hpp"

namespace anjungan::samples {

namespace {

platform::Bytes jpeg(const cv::Mat& m, int quality) {
    std::vector<std::uint8_t> out;
    cv::imencode(".jpg", m, out, {cv::IMWRITE_JPEG_QUALITY, quality});
    return out;
}

cv::Mat page(const std::string& title, int seed) {
    cv::Mat m(1754, 1240, CV_8UC1, cv::Scalar(250));  // A4 at 150 dpi
    cv::RNG rng(static_cast<std::uint64_t>(seed));
    cv::putText(m, title, {140, 220}, cv::FONT_HERSHEY_DUPLEX, 1.6, cv::Scalar(20), 3);
    for (int line = 0; line < 48; ++line) {
        const int y = 320 + line * 28;
        int x = 140;
        while (x < 1100) {
            const int w = rng.uniform(30, 140);
            cv::rectangle(m, {x, y}, {std::min(x + w, 1100), y + 14},
                          cv::Scalar(rng.uniform(20, 90)), cv::FILLED);
            x += w + rng.uniform(10, 22);
        }
    }
    cv::Mat noise(m.size(), CV_8UC1);
    rng.fill(noise, cv::RNG::NORMAL, 0, 6);
    m -= noise;
    return m;
}

platform::Bytes with_comment(const platform::Bytes& jpg, const std::string& text) {
    platform::Bytes out(jpg.begin(), jpg.begin() + 2);  // SOI
    const auto len = static_cast<std::uint16_t>(text.size() + 2);
    out.push_back(0xFF);
    out.push_back(0xFE);
    out.push_back(static_cast<std::uint8_t>(len >> 8));
    out.push_back(static_cast<std::uint8_t>(len & 0xff));
    out.insert(out.end(), text.begin(), text.end());
    out.insert(out.end(), jpg.begin() + 2, jpg.end());
    return out;
}

}  // namespace

SeedImages make_seed_images() {
    cv::RNG rng(20261124);
    cv::Mat ktp(638, 1011, CV_8UC3);  // ID-1 at 300 dpi
    for (int y = 0; y < ktp.rows; ++y) {
        for (int x = 0; x < ktp.cols; ++x) {
            ktp.at<cv::Vec3b>(y, x) = {static_cast<std::uint8_t>(200 + x % 40),
                                       static_cast<std::uint8_t>(150 + y % 60),
                                       static_cast<std::uint8_t>(90 + (x + y) % 50)};
        }
    }
    cv::putText(ktp, "PROVINSI KALIMANTAN TENGAH", {200, 60}, cv::FONT_HERSHEY_DUPLEX, 1.1,
                cv::Scalar(30, 30, 30), 2);
    cv::putText(ktp, "NIK : 6271014508900001", {60, 170}, cv::FONT_HERSHEY_DUPLEX, 1.2,
                cv::Scalar(10, 10, 10), 2);
    cv::rectangle(ktp, {760, 160}, {960, 420}, cv::Scalar(170, 120, 80), cv::FILLED);
    cv::Mat noise(ktp.size(), CV_8UC3);
    rng.fill(noise, cv::RNG::NORMAL, 0, 10);
    ktp += noise;
    cv::Mat selfie(640, 480, CV_8UC3);
    rng.fill(selfie, cv::RNG::UNIFORM, 60, 200);
    cv::GaussianBlur(selfie, selfie, {0, 0}, 3);
    cv::ellipse(selfie, {240, 300}, {120, 160}, 0, 0, 360, cv::Scalar(120, 160, 210), cv::FILLED);
    return {jpeg(ktp, 90), jpeg(page("SURAT KEPUTUSAN", 1), 85), jpeg(page("LAMPIRAN", 2), 85),
            jpeg(page("SURAT PERMOHONAN", 3), 85), jpeg(selfie, 90)};
}

std::vector<domain::Document> seed_documents(const SeedImages& images, const std::string& case_id) {
    using K = domain::DocumentKind;
    auto doc = [&](K kind, int pg, const platform::Bytes& img) {
        domain::Document d;
        d.kind = kind;
        d.page = pg;
        d.media_type = "image/jpeg";
        d.content = with_comment(img, "anjungan seed " + case_id + " " +
                                          std::string(to_code(kind)) + std::to_string(pg));
        return d;
    };
    return {doc(K::kKtp, 1, images.ktp), doc(K::kSk, 1, images.sk1), doc(K::kSk, 2, images.sk2),
            doc(K::kLetter, 1, images.letter), doc(K::kSelfie, 1, images.selfie)};
}

domain::NewCase seed_case(const SeedImages& images, int i, std::mt19937& rng) {
    static const char* kNames[] = {"Budi Santoso", "Siti Rahmawati", "Agus Salim",  "Dewi Lestari",
                                   "Yohanes Dju",  "Rina Marlina",   "Ahmad Fauzi", "Maria Ulfa"};
    domain::NewCase c;
    c.case_id = platform::new_uuid_v4();
    c.applicant = sample_applicant();
    const bool woman = i % 2 == 0;
    const int serial = static_cast<int>(rng() % 9000) + 1;
    const int nip_serial = static_cast<int>(rng() % 900) + 1;
    char nik[17], nip[19];
    // Born 1990-08-05; a woman's day is 45 in the NIK; PNS since 2015-03.
    std::snprintf(nik, sizeof nik, "627101%02d0890%04d", woman ? 45 : 5, serial);
    std::snprintf(nip, sizeof nip, "19900805201503%d%03d", woman ? 2 : 1, nip_serial);
    c.applicant.nik = nik;
    c.applicant.nip = nip;
    c.applicant.sex = woman ? domain::Sex::kFemale : domain::Sex::kMale;
    c.applicant.full_name = kNames[static_cast<std::size_t>(i) % std::size(kNames)];
    c.applicant.certificate_name = c.applicant.full_name;
    c.documents = seed_documents(images, c.case_id);
    return c;
}

}  // namespace anjungan::samples
