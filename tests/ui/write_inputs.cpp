// write_inputs DIR [good|blurry_ktp]: writes the demo's camera and scanner inputs under DIR
// (camera/, scanner/) for the end-to-end tests of anjungan-kiosk, e.g. a KTP out of focus.
#include <cstring>
#include <exception>
#include <iostream>

#include "demo_inputs.hpp"

int main(int argc, char** argv) {
    using anjungan::test::DemoQuality;
    if (argc < 2 || argc > 3) {
        std::cerr << "usage: write_inputs DIR [good|blurry_ktp]\n";
        return 2;
    }
    DemoQuality quality = DemoQuality::kGood;
    if (argc == 3) {
        if (std::strcmp(argv[2], "blurry_ktp") == 0) {
            quality = DemoQuality::kBlurryKtp;
        } else if (std::strcmp(argv[2], "good") != 0) {
            std::cerr << "write_inputs: unknown quality '" << argv[2] << "'\n";
            return 2;
        }
    }
    try {
        const auto in = anjungan::test::write_demo_inputs(argv[1], quality);
        std::cout << in.camera.string() << "\n" << in.scanner.string() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "write_inputs: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
