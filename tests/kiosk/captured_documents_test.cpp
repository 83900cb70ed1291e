// The captured documents of a session: what the review screen shows, what the store receives,
// and the one wipe.
#include "anjungan/kiosk/captured_documents.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

namespace anjungan::kiosk {
namespace {

using domain::DocumentKind;

cv::Mat page(int shade) {
    cv::Mat m(2339, 1654, CV_8UC3, cv::Scalar(shade, shade, shade));
    cv::putText(m, "SK", {200, 400}, cv::FONT_HERSHEY_SIMPLEX, 8, {0, 0, 0}, 12);
    return m;
}

TEST(CapturedDocumentsTest, EncodesPhotosAsJpegAndPagesAsOnePdfEachWithinBsreLimits) {
    CapturedDocuments docs;
    docs.set_photo(DocumentKind::kKtp, cv::Mat(638, 1011, CV_8UC3, cv::Scalar(40, 120, 200)));
    docs.set_photo(DocumentKind::kSelfie, cv::Mat(960, 720, CV_8UC3, cv::Scalar(90, 90, 90)));
    EXPECT_EQ(docs.add_page(DocumentKind::kSk, page(250)), 1u);
    EXPECT_EQ(docs.add_page(DocumentKind::kSk, page(240)), 2u);
    EXPECT_EQ(docs.add_page(DocumentKind::kLetter, page(245)), 1u);

    const auto out = docs.encode();
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(out[0].kind, DocumentKind::kKtp);
    EXPECT_EQ(out[0].media_type, "image/jpeg");
    EXPECT_EQ(out[0].content[0], 0xFF);  // JPEG SOI
    EXPECT_LE(out[0].content.size(), kJpegBudget);
    EXPECT_EQ(out[1].kind, DocumentKind::kSk);
    EXPECT_EQ(out[1].media_type, "application/pdf");
    EXPECT_EQ(std::string(out[1].content.begin(), out[1].content.begin() + 5), "%PDF-");
    EXPECT_LE(out[1].content.size(), kPdfBudget);
    EXPECT_EQ(out[2].kind, DocumentKind::kLetter);
    EXPECT_EQ(out[3].kind, DocumentKind::kSelfie);

    const auto thumbs = docs.thumbs();
    ASSERT_EQ(thumbs.size(), 4u);
    EXPECT_EQ(thumbs[1].kind, DocumentKind::kSk);
    EXPECT_EQ(thumbs[1].pages, 2);
    for (const auto& t : thumbs) {
        EXPECT_LE(std::max(t.image.cols, t.image.rows), 480);
    }
}

TEST(CapturedDocumentsTest, RemovingAPageAndDroppingADocumentLeaveTheOthers) {
    CapturedDocuments docs;
    docs.add_page(DocumentKind::kSk, page(250));
    docs.add_page(DocumentKind::kSk, page(100));
    EXPECT_FALSE(docs.remove_page(DocumentKind::kSk, 0));
    EXPECT_FALSE(docs.remove_page(DocumentKind::kSk, 3));
    EXPECT_TRUE(docs.remove_page(DocumentKind::kSk, 1));
    ASSERT_EQ(docs.pages(DocumentKind::kSk).size(), 1u);
    EXPECT_EQ(docs.pages(DocumentKind::kSk)[0].at<cv::Vec3b>(10, 10)[0], 100);  // the second

    docs.set_photo(DocumentKind::kKtp, cv::Mat(638, 1011, CV_8UC3, cv::Scalar(1, 2, 3)));
    EXPECT_TRUE(docs.has(DocumentKind::kKtp));
    docs.drop(DocumentKind::kKtp);
    EXPECT_FALSE(docs.has(DocumentKind::kKtp));
    EXPECT_TRUE(docs.has(DocumentKind::kSk));
    EXPECT_FALSE(docs.has(DocumentKind::kLetter));
}

TEST(CapturedDocumentsTest, WipeLeavesNothingBehind) {
    CapturedDocuments docs;
    docs.set_photo(DocumentKind::kSelfie, cv::Mat(960, 720, CV_8UC3, cv::Scalar(9, 9, 9)));
    docs.add_page(DocumentKind::kLetter, page(200));
    docs.wipe();
    for (auto k :
         {DocumentKind::kKtp, DocumentKind::kSk, DocumentKind::kLetter, DocumentKind::kSelfie}) {
        EXPECT_FALSE(docs.has(k)) << domain::to_code(k);
    }
    EXPECT_TRUE(docs.thumbs().empty());
    EXPECT_TRUE(docs.pages(DocumentKind::kLetter).empty());
}

// wipe_mat zeroes pixels only when it holds their last reference: a picture still shown
// elsewhere keeps its pixels.
TEST(CapturedDocumentsTest, WipeMatSparesPixelsStillInUse) {
    cv::Mat shown(64, 64, CV_8UC3, cv::Scalar(0xAB, 0xAB, 0xAB));
    cv::Mat copy = shown;
    wipe_mat(copy);
    EXPECT_TRUE(copy.empty());
    EXPECT_EQ(shown.at<cv::Vec3b>(5, 5)[0], 0xAB);
    wipe_mat(shown);
    EXPECT_TRUE(shown.empty());

    std::string nik = "6271014508900001";
    wipe_string(nik);
    EXPECT_TRUE(nik.empty());
    platform::Bytes bytes{1, 2, 3};
    wipe_bytes(bytes);
    EXPECT_TRUE(bytes.empty());
    domain::Applicant a;
    a.full_name = "SITI";
    a.nik = nik;
    wipe_applicant(a);
    EXPECT_TRUE(a.full_name.empty());
}

}  // namespace
}  // namespace anjungan::kiosk
