// The documents a walk-in session has captured so far: the KTP and the selfie as JPEG (with a
// small picture for the review screen), the SK and the letter as rectified pages until submit
// turns each into one PDF. It owns the only copies of these pictures, and `wipe()` is the one
// place where they are overwritten before their memory is released.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

#include "anjungan/domain/applicant.hpp"
#include "anjungan/domain/case.hpp"
#include "anjungan/platform/durable_file.hpp"

namespace anjungan::kiosk {

// BSrE's limits: the KTP and the selfie as JPEG of at most 300 KB, letters as PDF of at most
// 500 KB.
inline constexpr std::size_t kJpegBudget = 300'000;
inline constexpr std::size_t kPdfBudget = 500'000;
inline constexpr int kPdfDpi = 200;

// The review screen's picture of a captured document: the KTP or selfie, or a page's first page.
struct DocumentThumb {
    domain::DocumentKind kind = domain::DocumentKind::kKtp;
    cv::Mat image;  // BGR, at most 480 pixels on its longer side
    int pages = 1;
};

class CapturedDocuments {
  public:
    CapturedDocuments() = default;
    ~CapturedDocuments() { wipe(); }
    CapturedDocuments(const CapturedDocuments&) = delete;
    CapturedDocuments& operator=(const CapturedDocuments&) = delete;

    // The KTP or the selfie: encodes `picture` as JPEG within kJpegBudget and keeps a
    // thumbnail. Throws what the encoder throws; nothing changes then.
    void set_photo(domain::DocumentKind kind, const cv::Mat& picture);
    // Appends a rectified page of the SK or the letter; returns the number of pages now.
    std::size_t add_page(domain::DocumentKind kind, const cv::Mat& page);
    // Removes page `n` (1-based); false when there is no such page.
    bool remove_page(domain::DocumentKind kind, int n);
    const std::vector<cv::Mat>& pages(domain::DocumentKind kind) const;
    // Drops one document (a retake), overwriting it.
    void drop(domain::DocumentKind kind);
    bool has(domain::DocumentKind kind) const;

    // One picture per captured document, in the path's order, for the review screen.
    std::vector<DocumentThumb> thumbs() const;
    // The documents as the store takes them: JPEGs as they are, pages as one PDF each within
    // kPdfBudget. Takes seconds for many pages; the session runs it on a worker.
    std::vector<domain::Document> encode() const;

    // Overwrites every picture and page before releasing it.
    void wipe();

  private:
    platform::Bytes ktp_jpeg_;
    platform::Bytes selfie_jpeg_;
    cv::Mat ktp_thumb_;
    cv::Mat selfie_thumb_;
    std::vector<cv::Mat> sk_pages_;
    std::vector<cv::Mat> letter_pages_;
};

// Overwriting personal data before its memory is released, so that it does not linger in freed
// memory after a session ends.
void wipe_string(std::string& s);
void wipe_bytes(platform::Bytes& b);
// Overwrites the pixels when `m` is their only owner; releases `m` in any case.
void wipe_mat(cv::Mat& m);
void wipe_applicant(domain::Applicant& a);
// A small copy (at most 480 pixels on the longer side) for the review screen.
cv::Mat thumbnail(const cv::Mat& image);

}  // namespace anjungan::kiosk
