#include "anjungan/kiosk/kiosk.hpp"

#include <spdlog/spdlog.h>

#include "anjungan/drivers/devices.hpp"
#include "anjungan/kiosk/capture.hpp"
#include "anjungan/kiosk/receipt.hpp"

namespace anjungan::kiosk {

std::unique_ptr<Kiosk> open_kiosk(const platform::Config& config, const platform::Clock& clock,
                                  KioskOverrides overrides) {
    auto k = std::make_unique<Kiosk>();
    k->camera = overrides.camera ? std::move(overrides.camera) : drivers::make_camera(config);
    k->scanner = overrides.scanner ? std::move(overrides.scanner) : drivers::make_scanner(config);
    k->printer = overrides.printer ? std::move(overrides.printer) : printing::make_printer(config);
    k->faces = load_face_model(config.face_models_dir);
    k->store = Store::open(StoreOptions::from(config), clock);
    k->key = std::make_unique<platform::SigningKey>(
        platform::SigningKey::read_file(signing_key_path(config.data_dir)));
    if (overrides.admin) {
        k->admin = std::make_unique<AdminGuard>(
            config.data_dir, clock, AdminPolicy{},
            [store = k->store.get()](const std::string& actor, const std::string& action,
                                     const std::string& detail) {
                store->audit(actor, action, detail);
            });
    }
    k->session = std::make_unique<Session>(
        *k->store, SessionDevices{*k->camera, *k->scanner, *k->printer}, *k->key, config, clock,
        k->faces.get(), known_kiosk_keys(config.data_dir, config.kiosk_id), overrides.policy);
    if (k->admin) {
        k->session->set_admin(k->admin.get());
    }
    spdlog::debug("kiosk {} opened: store {}", config.kiosk_id, config.data_dir.string());
    return k;
}

}  // namespace anjungan::kiosk
