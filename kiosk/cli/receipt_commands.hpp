// `anjungan receipt render|verify|print|pending` and `anjungan print-test`: receipts and the
// printer, for operators, staff and tests.
#pragma once

#include <string>

#include "anjungan/domain/problem.hpp"
#include "anjungan/platform/config.hpp"

namespace anjungan::cli {

struct ReceiptContext {
    const platform::Config& config;
    domain::Lang lang = domain::Lang::kId;
    std::string actor;  // who runs the command, for the audit log
};

struct RenderArgs {
    std::string receipt_no;
    bool sample = false;
    std::string out;
    int paper = 0;  // 0: the configured paper
    int dpi = 0;    // 0: the configured resolution
    int copy = 0;   // > 0: render as the n-th reprint
};
int run_receipt_render(const ReceiptContext& ctx, const RenderArgs& a);

struct VerifyArgs {
    std::string image;
    std::string keys_file;  // more kiosk keys (JSON array of {kiosk_id, public_key})
    bool as_json = false;
};
int run_receipt_verify(const ReceiptContext& ctx, const VerifyArgs& a);

int run_receipt_print(const ReceiptContext& ctx, const std::string& receipt_no, bool as_json);
int run_receipt_pending(const ReceiptContext& ctx, bool as_json);
int run_print_test(const ReceiptContext& ctx, bool as_json);

}  // namespace anjungan::cli
