// libFuzzer target: the receipt QR parser and verifier must never crash, hang or misbehave on
// any input, and what they accept must be canonical.
//   scripts/fuzz.sh [SECONDS]   builds this with clang -fsanitize=fuzzer,address,undefined
// The same file is built by g++ with fuzz_replay_main.cpp, which replays tests/fuzz/corpus.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "anjungan/printing/qr_payload.hpp"

namespace {

const anjungan::printing::KeyRing& keys() {
    static const anjungan::printing::KeyRing ring = [] {
        anjungan::printing::KeyRing r;
        r.add("PKY1", anjungan::platform::SigningKey::generate().public_key());
        return r;
    }();
    return ring;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace anjungan::printing;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const ParseResult parsed = parse_payload(text);
    if (parsed.payload.has_value() == (parsed.fault != PayloadFault::kNone)) {
        std::abort();  // exactly one of: a payload, a fault
    }
    if (parsed.payload) {
        // Accepted text is canonical: it is exactly what the kiosk would write.
        if (to_text(*parsed.payload) != text) {
            std::abort();
        }
    } else if (parsed.detail.empty()) {
        std::abort();  // every refusal says why
    }
    const Verification v = verify_payload(text, keys());
    if (v.valid) {
        std::abort();  // nobody holds the fuzzer's fresh key: nothing can verify
    }
    if (v.reason.empty()) {
        std::abort();
    }
    // base 32 alone: decoding then encoding gives the input back.
    if (const auto bytes = from_base32(text); bytes && base32(*bytes) != text) {
        std::abort();
    }
    return 0;
}
