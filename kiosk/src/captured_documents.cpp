#include "anjungan/kiosk/captured_documents.hpp"

#include <sodium.h>

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "anjungan/vision/export.hpp"

namespace anjungan::kiosk {

void wipe_string(std::string& s) {
    if (!s.empty()) {
        sodium_memzero(s.data(), s.size());
    }
    s.clear();
    s.shrink_to_fit();
}

void wipe_bytes(platform::Bytes& b) {
    if (!b.empty()) {
        sodium_memzero(b.data(), b.size());
    }
    b.clear();
    b.shrink_to_fit();
}

void wipe_mat(cv::Mat& m) {
    if (!m.empty() && m.isContinuous() && m.u != nullptr && m.u->refcount == 1) {
        sodium_memzero(m.data, m.total() * m.elemSize());
    }
    m.release();
}

void wipe_applicant(domain::Applicant& a) {
    for (auto* s :
         {&a.full_name, &a.certificate_name, &a.nik, &a.nip, &a.email, &a.phone, &a.position,
          &a.work_unit, &a.office_address, &a.office_city, &a.office_province}) {
        wipe_string(*s);
    }
    a = domain::Applicant{};
}

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

void CapturedDocuments::set_photo(domain::DocumentKind kind, const cv::Mat& picture) {
    auto jpeg = vision::encode_jpeg_within(picture, kJpegBudget).data;
    const bool ktp = kind == domain::DocumentKind::kKtp;
    auto& bytes = ktp ? ktp_jpeg_ : selfie_jpeg_;
    auto& thumb = ktp ? ktp_thumb_ : selfie_thumb_;
    wipe_bytes(bytes);
    wipe_mat(thumb);
    bytes = std::move(jpeg);
    thumb = thumbnail(picture);
}

std::size_t CapturedDocuments::add_page(domain::DocumentKind kind, const cv::Mat& page) {
    auto& pages = kind == domain::DocumentKind::kSk ? sk_pages_ : letter_pages_;
    pages.push_back(page);
    return pages.size();
}

bool CapturedDocuments::remove_page(domain::DocumentKind kind, int n) {
    auto& pages = kind == domain::DocumentKind::kSk ? sk_pages_ : letter_pages_;
    if (n < 1 || n > static_cast<int>(pages.size())) {
        return false;
    }
    wipe_mat(pages[static_cast<std::size_t>(n - 1)]);
    pages.erase(pages.begin() + (n - 1));
    return true;
}

const std::vector<cv::Mat>& CapturedDocuments::pages(domain::DocumentKind kind) const {
    return kind == domain::DocumentKind::kSk ? sk_pages_ : letter_pages_;
}

void CapturedDocuments::drop(domain::DocumentKind kind) {
    switch (kind) {
        case domain::DocumentKind::kKtp:
            wipe_bytes(ktp_jpeg_);
            wipe_mat(ktp_thumb_);
            break;
        case domain::DocumentKind::kSelfie:
            wipe_bytes(selfie_jpeg_);
            wipe_mat(selfie_thumb_);
            break;
        case domain::DocumentKind::kSk:
        case domain::DocumentKind::kLetter: {
            auto& pages = kind == domain::DocumentKind::kSk ? sk_pages_ : letter_pages_;
            for (auto& m : pages) {
                wipe_mat(m);
            }
            pages.clear();
            break;
        }
    }
}

bool CapturedDocuments::has(domain::DocumentKind kind) const {
    switch (kind) {
        case domain::DocumentKind::kKtp:
            return !ktp_jpeg_.empty();
        case domain::DocumentKind::kSelfie:
            return !selfie_jpeg_.empty();
        case domain::DocumentKind::kSk:
            return !sk_pages_.empty();
        case domain::DocumentKind::kLetter:
            return !letter_pages_.empty();
    }
    return false;
}

std::vector<DocumentThumb> CapturedDocuments::thumbs() const {
    std::vector<DocumentThumb> out;
    auto add = [&](domain::DocumentKind kind, const cv::Mat& image, std::size_t pages) {
        if (!image.empty()) {
            out.push_back({kind, thumbnail(image), static_cast<int>(pages)});
        }
    };
    add(domain::DocumentKind::kKtp, ktp_thumb_, 1);
    add(domain::DocumentKind::kSk, sk_pages_.empty() ? cv::Mat() : sk_pages_.front(),
        sk_pages_.size());
    add(domain::DocumentKind::kLetter, letter_pages_.empty() ? cv::Mat() : letter_pages_.front(),
        letter_pages_.size());
    add(domain::DocumentKind::kSelfie, selfie_thumb_, 1);
    return out;
}

std::vector<domain::Document> CapturedDocuments::encode() const {
    std::vector<domain::Document> docs;
    docs.push_back({domain::DocumentKind::kKtp, 1, "image/jpeg", ktp_jpeg_});
    docs.push_back({domain::DocumentKind::kSk, 1, "application/pdf",
                    vision::encode_pdf_within(sk_pages_, kPdfDpi, kPdfBudget).data});
    docs.push_back({domain::DocumentKind::kLetter, 1, "application/pdf",
                    vision::encode_pdf_within(letter_pages_, kPdfDpi, kPdfBudget).data});
    docs.push_back({domain::DocumentKind::kSelfie, 1, "image/jpeg", selfie_jpeg_});
    return docs;
}

void CapturedDocuments::wipe() {
    wipe_bytes(ktp_jpeg_);
    wipe_bytes(selfie_jpeg_);
    wipe_mat(ktp_thumb_);
    wipe_mat(selfie_thumb_);
    for (auto* pages : {&sk_pages_, &letter_pages_}) {
        for (auto& m : *pages) {
            wipe_mat(m);
        }
        pages->clear();
    }
}

}  // namespace anjungan::kiosk
