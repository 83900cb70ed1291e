// The one place where the kiosk is wired: its devices, the store, the signing key, the face
// model, admin mode and the walk-in session, from the configuration. `anjungan-kiosk` (ui/) and
// `anjungan session` (kiosk/cli/) both open their kiosk here; what they do differently (a
// simulated clock, sample inputs, a script) they pass as overrides.
#pragma once

#include <memory>

#include "anjungan/drivers/camera.hpp"
#include "anjungan/drivers/scanner.hpp"
#include "anjungan/kiosk/admin.hpp"
#include "anjungan/kiosk/session.hpp"
#include "anjungan/kiosk/store.hpp"
#include "anjungan/platform/clock.hpp"
#include "anjungan/platform/config.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/printing/printer.hpp"
#include "anjungan/vision/gate.hpp"

namespace anjungan::kiosk {

// What a front end gives instead of the configured parts.
struct KioskOverrides {
    std::unique_ptr<drivers::Camera> camera;     // none: [camera]
    std::unique_ptr<drivers::Scanner> scanner;   // none: [scanner]
    std::unique_ptr<printing::Printer> printer;  // none: [printer]
    SessionPolicy policy;
    bool admin = true;  // admin mode (staff PINs); off: the hidden gesture does nothing
};

// A wired kiosk. The members are declared in the order they are made; they are destroyed in
// the reverse order, so the session goes before everything it uses.
struct Kiosk {
    std::unique_ptr<drivers::Camera> camera;
    std::unique_ptr<drivers::Scanner> scanner;
    std::unique_ptr<printing::Printer> printer;
    std::unique_ptr<vision::FaceModel> faces;
    std::unique_ptr<Store> store;
    std::unique_ptr<platform::SigningKey> key;
    std::unique_ptr<AdminGuard> admin;  // none without admin mode
    std::unique_ptr<Session> session;
};

// Opens the devices, the face model (config.face_models_dir), the store and the signing key,
// and starts a session on `clock`. Throws what each part throws when it cannot be opened
// (StoreError, std::runtime_error naming the missing file or package).
std::unique_ptr<Kiosk> open_kiosk(const platform::Config& config, const platform::Clock& clock,
                                  KioskOverrides overrides = {});

}  // namespace anjungan::kiosk
