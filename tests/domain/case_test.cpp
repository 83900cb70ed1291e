// Tests for case statuses and document completeness (kiosk/case.hpp).
//
// The status order is the SOP's (docs: sop.md): received -> head_disposition ->
// division_disposition -> section_verified -> sent_to_bsre -> bsre_registration -> issued;
// issued and rejected are final; a returned case comes back as received.

#include "anjungan/domain/case.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace anjungan::domain {
namespace {

using S = CaseStatus;

bool contains(const std::vector<CaseStatus>& v, CaseStatus s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

std::string codes(const std::vector<Problem>& problems) {
    std::string out;
    for (const auto& p : problems) {
        out += p.code + " ";
    }
    return out;
}

std::size_t count_code(const std::vector<Problem>& problems, const std::string& code) {
    return static_cast<std::size_t>(std::count_if(
        problems.begin(), problems.end(), [&](const Problem& p) { return p.code == code; }));
}

// ---- statuses ----------------------------------------------------------------------------------

TEST(CaseStatusCodes, AllStatusesListsEveryStatusOnce) {
    const auto all = all_statuses();
    EXPECT_EQ(all.size(), 9u);
    const std::set<CaseStatus> unique(all.begin(), all.end());
    EXPECT_EQ(unique.size(), all.size());
    for (S s : {S::kReceived, S::kHeadDisposition, S::kDivisionDisposition, S::kSectionVerified,
                S::kSentToBsre, S::kBsreRegistration, S::kIssued, S::kReturned, S::kRejected}) {
        EXPECT_TRUE(contains(all, s)) << to_code(s);
    }
}

TEST(CaseStatusCodes, CodesAreTheDocumentedStableStrings) {
    EXPECT_EQ(to_code(S::kReceived), "received");
    EXPECT_EQ(to_code(S::kHeadDisposition), "head_disposition");
    EXPECT_EQ(to_code(S::kDivisionDisposition), "division_disposition");
    EXPECT_EQ(to_code(S::kSectionVerified), "section_verified");
    EXPECT_EQ(to_code(S::kSentToBsre), "sent_to_bsre");
    EXPECT_EQ(to_code(S::kBsreRegistration), "bsre_registration");
    EXPECT_EQ(to_code(S::kIssued), "issued");
    EXPECT_EQ(to_code(S::kReturned), "returned");
    EXPECT_EQ(to_code(S::kRejected), "rejected");
}

TEST(CaseStatusCodes, CodeRoundTripsForAllStatuses) {
    for (S s : all_statuses()) {
        const auto back = status_from_code(to_code(s));
        ASSERT_TRUE(back.has_value()) << to_code(s);
        EXPECT_EQ(*back, s);
    }
}

TEST(CaseStatusCodes, UnknownCodeGivesNothing) {
    EXPECT_FALSE(status_from_code("").has_value());
    EXPECT_FALSE(status_from_code("Received").has_value());
    EXPECT_FALSE(status_from_code("done").has_value());
    EXPECT_FALSE(status_from_code("received ").has_value());
}

TEST(CaseStatusLabels, LabelsAreNonEmptyAndDifferBetweenLanguages) {
    for (S s : all_statuses()) {
        EXPECT_FALSE(label(s, Lang::kId).empty()) << to_code(s);
        EXPECT_FALSE(label(s, Lang::kEn).empty()) << to_code(s);
        EXPECT_NE(label(s, Lang::kId), label(s, Lang::kEn)) << to_code(s);
    }
}

TEST(CaseStatusLabels, LabelsAreDistinctPerLanguage) {
    for (Lang lang : {Lang::kId, Lang::kEn}) {
        std::set<std::string_view> seen;
        for (S s : all_statuses()) {
            EXPECT_TRUE(seen.insert(label(s, lang)).second) << to_code(s);
        }
    }
}

TEST(CaseStatusLabels, NextStepsAreNonEmptyAndDifferBetweenLanguages) {
    for (S s : all_statuses()) {
        EXPECT_FALSE(next_step(s, Lang::kId).empty()) << to_code(s);
        EXPECT_FALSE(next_step(s, Lang::kEn).empty()) << to_code(s);
        EXPECT_NE(next_step(s, Lang::kId), next_step(s, Lang::kEn)) << to_code(s);
    }
}

// ---- transitions --------------------------------------------------------------------------------

TEST(CaseTransitions, FollowTheSopOrder) {
    const std::vector<S> order = {S::kReceived,        S::kHeadDisposition, S::kDivisionDisposition,
                                  S::kSectionVerified, S::kSentToBsre,      S::kBsreRegistration,
                                  S::kIssued};
    for (std::size_t i = 0; i + 1 < order.size(); ++i) {
        EXPECT_TRUE(contains(allowed_next(order[i]), order[i + 1]))
            << to_code(order[i]) << " -> " << to_code(order[i + 1]);
    }
}

TEST(CaseTransitions, NoStepOfTheSopIsSkippedOrUndone) {
    const std::vector<S> order = {S::kReceived,        S::kHeadDisposition, S::kDivisionDisposition,
                                  S::kSectionVerified, S::kSentToBsre,      S::kBsreRegistration,
                                  S::kIssued};
    for (std::size_t i = 0; i < order.size(); ++i) {
        for (std::size_t j = 0; j < order.size(); ++j) {
            if (j == i + 1) {
                continue;
            }
            EXPECT_FALSE(contains(allowed_next(order[i]), order[j]))
                << to_code(order[i]) << " -> " << to_code(order[j]);
        }
    }
}

TEST(CaseTransitions, IssuedIsFinalWithNoNext) {
    EXPECT_TRUE(is_final(S::kIssued));
    EXPECT_TRUE(allowed_next(S::kIssued).empty());
}

TEST(CaseTransitions, RejectedIsFinalWithNoNext) {
    EXPECT_TRUE(is_final(S::kRejected));
    EXPECT_TRUE(allowed_next(S::kRejected).empty());
}

TEST(CaseTransitions, OnlyIssuedAndRejectedAreFinal) {
    for (S s : all_statuses()) {
        if (s == S::kIssued || s == S::kRejected) {
            continue;
        }
        EXPECT_FALSE(is_final(s)) << to_code(s);
        EXPECT_FALSE(allowed_next(s).empty()) << to_code(s);
    }
}

TEST(CaseTransitions, ReturnedCanGoBackToReceived) {
    EXPECT_TRUE(contains(allowed_next(S::kReturned), S::kReceived));
    EXPECT_FALSE(is_final(S::kReturned));
}

TEST(CaseTransitions, NoStatusMovesToItself) {
    for (S s : all_statuses()) {
        EXPECT_FALSE(contains(allowed_next(s), s)) << to_code(s);
    }
}

TEST(CaseTransitions, EveryStatusIsReachableFromReceived) {
    std::set<S> reached = {S::kReceived};
    std::vector<S> todo = {S::kReceived};
    while (!todo.empty()) {
        const S s = todo.back();
        todo.pop_back();
        for (S n : allowed_next(s)) {
            if (reached.insert(n).second) {
                todo.push_back(n);
            }
        }
    }
    for (S s : all_statuses()) {
        EXPECT_TRUE(reached.count(s)) << to_code(s);
    }
}

// ---- document kinds ---------------------------------------------------------------------------

TEST(CaseDocumentKinds, CodesRoundTrip) {
    for (DocumentKind k :
         {DocumentKind::kKtp, DocumentKind::kSk, DocumentKind::kLetter, DocumentKind::kSelfie}) {
        const auto back = document_from_code(to_code(k));
        ASSERT_TRUE(back.has_value()) << to_code(k);
        EXPECT_EQ(*back, k);
        EXPECT_FALSE(label(k, Lang::kId).empty());
        EXPECT_FALSE(label(k, Lang::kEn).empty());
        EXPECT_NE(label(k, Lang::kId), label(k, Lang::kEn));
    }
    EXPECT_EQ(to_code(DocumentKind::kKtp), "ktp");
    EXPECT_EQ(to_code(DocumentKind::kSk), "sk");
    EXPECT_EQ(to_code(DocumentKind::kLetter), "letter");
    EXPECT_EQ(to_code(DocumentKind::kSelfie), "selfie");
    EXPECT_FALSE(document_from_code("KTP").has_value());
    EXPECT_FALSE(document_from_code("passport").has_value());
}

// ---- check_documents
// ------------------------------------------------------------------------------

Document doc(DocumentKind kind, int page = 1, platform::Bytes content = {0xff, 0xd8, 0xff}) {
    Document d;
    d.kind = kind;
    d.page = page;
    d.content = std::move(content);
    return d;
}

std::vector<Document> complete_set() {
    return {doc(DocumentKind::kKtp), doc(DocumentKind::kSk, 1), doc(DocumentKind::kSk, 2),
            doc(DocumentKind::kLetter, 1), doc(DocumentKind::kSelfie)};
}

TEST(CaseCheckDocuments, CompleteSetPasses) {
    const auto problems = check_documents(complete_set());
    EXPECT_TRUE(problems.empty()) << codes(problems);
}

TEST(CaseCheckDocuments, OrderOfPagesDoesNotMatter) {
    const std::vector<Document> docs = {doc(DocumentKind::kSelfie), doc(DocumentKind::kSk, 2),
                                        doc(DocumentKind::kLetter, 1), doc(DocumentKind::kSk, 1),
                                        doc(DocumentKind::kKtp)};
    const auto problems = check_documents(docs);
    EXPECT_TRUE(problems.empty()) << codes(problems);
}

TEST(CaseCheckDocuments, MissingSelfieGivesDocumentsMissing) {
    auto docs = complete_set();
    docs.pop_back();  // the selfie
    const auto problems = check_documents(docs);
    EXPECT_EQ(count_code(problems, "documents.missing"), 1u) << codes(problems);
    EXPECT_EQ(problems.size(), 1u) << codes(problems);
}

TEST(CaseCheckDocuments, NothingAtAllGivesFourMissing) {
    const auto problems = check_documents({});
    EXPECT_EQ(count_code(problems, "documents.missing"), 4u) << codes(problems);
}

TEST(CaseCheckDocuments, MissingLetterGivesDocumentsMissing) {
    const std::vector<Document> docs = {doc(DocumentKind::kKtp), doc(DocumentKind::kSk, 1),
                                        doc(DocumentKind::kSelfie)};
    const auto problems = check_documents(docs);
    EXPECT_EQ(count_code(problems, "documents.missing"), 1u) << codes(problems);
}

TEST(CaseCheckDocuments, TwoKtpsGiveDocumentsTooMany) {
    auto docs = complete_set();
    docs.push_back(doc(DocumentKind::kKtp, 2));
    const auto problems = check_documents(docs);
    EXPECT_EQ(count_code(problems, "documents.too_many"), 1u) << codes(problems);
}

TEST(CaseCheckDocuments, TwoSelfiesGiveDocumentsTooMany) {
    auto docs = complete_set();
    docs.push_back(doc(DocumentKind::kSelfie, 2));
    const auto problems = check_documents(docs);
    EXPECT_EQ(count_code(problems, "documents.too_many"), 1u) << codes(problems);
}

TEST(CaseCheckDocuments, SeveralSkAndLetterPagesAreFine) {
    auto docs = complete_set();
    docs.push_back(doc(DocumentKind::kSk, 3));
    docs.push_back(doc(DocumentKind::kLetter, 2));
    const auto problems = check_documents(docs);
    EXPECT_TRUE(problems.empty()) << codes(problems);
}

TEST(CaseCheckDocuments, SkPagesWithAGapGiveDocumentsPages) {
    const std::vector<Document> docs = {doc(DocumentKind::kKtp), doc(DocumentKind::kSk, 1),
                                        doc(DocumentKind::kSk, 3), doc(DocumentKind::kLetter, 1),
                                        doc(DocumentKind::kSelfie)};
    const auto problems = check_documents(docs);
    EXPECT_EQ(count_code(problems, "documents.pages"), 1u) << codes(problems);
    EXPECT_EQ(problems.size(), 1u) << codes(problems);
}

TEST(CaseCheckDocuments, RepeatedPageGivesDocumentsPages) {
    auto docs = complete_set();
    docs.push_back(doc(DocumentKind::kLetter, 1));
    const auto problems = check_documents(docs);
    EXPECT_EQ(count_code(problems, "documents.pages"), 1u) << codes(problems);
}

TEST(CaseCheckDocuments, PagesNotStartingAtOneGiveDocumentsPages) {
    const std::vector<Document> docs = {doc(DocumentKind::kKtp), doc(DocumentKind::kSk, 2),
                                        doc(DocumentKind::kSk, 3), doc(DocumentKind::kLetter, 1),
                                        doc(DocumentKind::kSelfie)};
    const auto problems = check_documents(docs);
    EXPECT_EQ(count_code(problems, "documents.pages"), 1u) << codes(problems);
}

TEST(CaseCheckDocuments, KtpOnPageTwoGivesDocumentsPages) {
    const std::vector<Document> docs = {doc(DocumentKind::kKtp, 2), doc(DocumentKind::kSk, 1),
                                        doc(DocumentKind::kLetter, 1), doc(DocumentKind::kSelfie)};
    const auto problems = check_documents(docs);
    EXPECT_EQ(count_code(problems, "documents.pages"), 1u) << codes(problems);
}

TEST(CaseCheckDocuments, EmptyContentGivesDocumentsEmpty) {
    auto docs = complete_set();
    docs[1].content.clear();  // SK page 1
    const auto problems = check_documents(docs);
    EXPECT_EQ(count_code(problems, "documents.empty"), 1u) << codes(problems);
    EXPECT_EQ(problems.size(), 1u) << codes(problems);
}

TEST(CaseCheckDocuments, ProblemsCarryMessagesInBothLanguages) {
    std::vector<Document> docs = {doc(DocumentKind::kKtp, 1, {}), doc(DocumentKind::kKtp, 2)};
    for (const auto& p : check_documents(docs)) {
        EXPECT_FALSE(p.message(Lang::kId).empty()) << p.code;
        EXPECT_FALSE(p.message(Lang::kEn).empty()) << p.code;
        EXPECT_NE(p.message_id, p.message_en) << p.code;
    }
}

}  // namespace
}  // namespace anjungan::domain
