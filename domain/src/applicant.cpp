#include "anjungan/domain/applicant.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "anjungan/domain/normalize.hpp"
#include "anjungan/domain/validators.hpp"

namespace anjungan::domain {

std::string_view to_code(EmploymentStatus s) {
    switch (s) {
        case EmploymentStatus::kPns:
            return "pns";
        case EmploymentStatus::kPppk:
            return "pppk";
        case EmploymentStatus::kOtherAsn:
            return "other_asn";
    }
    return "?";
}

std::optional<EmploymentStatus> employment_from_code(std::string_view code) {
    for (auto s : {EmploymentStatus::kPns, EmploymentStatus::kPppk, EmploymentStatus::kOtherAsn}) {
        if (to_code(s) == code) {
            return s;
        }
    }
    return std::nullopt;
}

std::string_view to_code(Sex s) {
    return s == Sex::kMale ? "M" : "F";
}

std::optional<Sex> sex_from_code(std::string_view code) {
    if (code == "M") {
        return Sex::kMale;
    }
    if (code == "F") {
        return Sex::kFemale;
    }
    return std::nullopt;
}

namespace {

void take(std::vector<FieldProblem>& out, const std::string& field,
          const std::vector<Problem>& problems) {
    for (const auto& p : problems) {
        out.push_back({field, p});
    }
}

void require_text(ApplicantCheck& c, const std::string& field, const std::string& value,
                  const char* id, const char* en) {
    if (value.empty()) {
        c.errors.push_back({field, {"applicant." + field, id, en}});
    }
}

}  // namespace

ApplicantCheck check_applicant(const Applicant& input, const ApplicantRules& rules,
                               const platform::CivilDate& today) {
    ApplicantCheck c;
    Applicant& a = c.normalized;
    a = input;

    const Validation name = validate_name(input.full_name);
    a.full_name = name.normalized;
    take(c.errors, "full_name", name.errors);

    a.certificate_name = normalize_text(input.certificate_name);
    if (a.certificate_name.empty() && name.valid()) {
        a.certificate_name = *name.field("certificate_name");
    }
    const Validation cert = validate_name(a.certificate_name);
    if (!cert.valid()) {
        take(c.errors, "certificate_name", cert.errors);
    } else if (*cert.field("certificate_name") != cert.normalized) {
        c.errors.push_back({"certificate_name",
                            {"applicant.certificate_name",
                             "Nama pada sertifikat ditulis tanpa gelar akademik atau keagamaan.",
                             "The name on the certificate is written without academic or "
                             "religious titles."}});
    }

    const Validation nik = validate_nik(input.nik, today);
    a.nik = nik.normalized;
    take(c.errors, "nik", nik.errors);
    take(c.warnings, "nik", nik.warnings);

    // A non-PNS without a NIP gives the NIK where the NIP is asked.
    a.nip = normalize_number(input.nip);
    const bool nip_is_nik = a.employment != EmploymentStatus::kPns && a.nip == a.nik && nik.valid();
    if (!nip_is_nik) {
        const Validation nip = validate_nip(input.nip, today);
        a.nip = nip.normalized;
        take(c.errors, "nip", nip.errors);
        take(c.warnings, "nip", nip.warnings);
        if (nik.valid() && nip.valid()) {
            take(c.warnings, "nip", cross_check_nik_nip(a.nik, a.nip, today).warnings);
        }
        const std::string* kind = nip.field("employment");
        if (nip.valid() && kind &&
            ((*kind == "PPPK") != (a.employment == EmploymentStatus::kPppk))) {
            c.warnings.push_back(
                {"nip",
                 {"applicant.nip_employment",
                  "Bentuk NIP (" + *kind + ") tidak sesuai dengan status kepegawaian yang dipilih.",
                  "The NIP's form (" + *kind + ") does not match the employment status chosen."}});
        }
    }
    if (const std::string* s = nik.field("sex"); s && nik.valid() && *s != to_code(a.sex)) {
        c.warnings.push_back({"sex",
                              {"applicant.sex_nik",
                               "Jenis kelamin yang dipilih berbeda dengan yang tertera pada NIK.",
                               "The sex chosen differs from the one encoded in the NIK."}});
    }

    const Validation email = validate_email(input.email, rules.email_domains);
    a.email = email.normalized;
    take(c.errors, "email", email.errors);

    const Validation phone = validate_phone(input.phone);
    a.phone = phone.normalized;
    take(c.errors, "phone", phone.errors);

    a.position = normalize_text(input.position);
    require_text(c, "position", a.position, "Jabatan sesuai SK wajib diisi (atau \"Pegawai ASN\").",
                 "The position as in the SK is required (or \"Pegawai ASN\").");
    a.work_unit = normalize_text(input.work_unit);
    require_text(c, "work_unit", a.work_unit, "Unit kerja (OPD) wajib dipilih.",
                 "A work unit (OPD) must be chosen.");
    if (!a.work_unit.empty() && !rules.work_units.empty() &&
        std::find(rules.work_units.begin(), rules.work_units.end(), a.work_unit) ==
            rules.work_units.end()) {
        c.errors.push_back({"work_unit",
                            {"applicant.work_unit", "Unit kerja tidak ada dalam daftar OPD.",
                             "The work unit is not in the list of work units."}});
    }
    a.office_address = normalize_text(input.office_address);
    require_text(c, "office_address", a.office_address, "Alamat kantor (jalan) wajib diisi.",
                 "The office's street address is required.");
    a.office_city = normalize_text(input.office_city);
    a.office_province = normalize_text(input.office_province);
    if (rules.address_parts) {
        require_text(c, "office_city", a.office_city, "Kabupaten/kota kantor wajib diisi.",
                     "The office's city or regency is required.");
        require_text(c, "office_province", a.office_province, "Provinsi kantor wajib diisi.",
                     "The office's province is required.");
    }
    return c;
}

std::string mask_name(std::string_view name) {
    std::string out;
    bool word_start = true;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char ch = name[i];
        if (ch == ' ') {
            out += ' ';
            word_start = true;
            continue;
        }
        if ((static_cast<unsigned char>(ch) & 0xC0) == 0x80) {
            if (word_start) {
                out += ch;  // rest of a multi-byte first letter
            }
            continue;
        }
        if (word_start) {
            out += ch;
            // keep the following continuation bytes of this first letter
            while (i + 1 < name.size() &&
                   (static_cast<unsigned char>(name[i + 1]) & 0xC0) == 0x80) {
                out += name[++i];
            }
            word_start = false;
        } else {
            out += '*';
        }
    }
    return out;
}

std::string mask_number(std::string_view digits) {
    if (digits.size() <= 6) {
        return std::string(digits.size(), '*');
    }
    return std::string(digits.substr(0, 4)) + std::string(digits.size() - 6, '*') +
           std::string(digits.substr(digits.size() - 2));
}

std::string mask_email(std::string_view email) {
    const auto at = email.find('@');
    if (at == std::string_view::npos || at == 0) {
        return std::string(email.size(), '*');
    }
    return std::string(email.substr(0, 1)) + "***" + std::string(email.substr(at));
}

std::string mask_phone(std::string_view phone) {
    if (phone.size() < 9) {
        return std::string(phone.size(), '*');
    }
    return std::string(phone.substr(0, 6)) + std::string(phone.size() - 9, '*') +
           std::string(phone.substr(phone.size() - 3));
}

Applicant masked(const Applicant& a) {
    Applicant m = a;
    m.full_name = mask_name(a.full_name);
    m.certificate_name = mask_name(a.certificate_name);
    m.nik = mask_number(a.nik);
    m.nip = mask_number(a.nip);
    m.email = mask_email(a.email);
    m.phone = mask_phone(a.phone);
    m.office_address = a.office_address.empty() ? "" : "***";
    return m;
}

void to_json(nlohmann::json& j, const Applicant& a) {
    j = nlohmann::json{{"full_name", a.full_name},
                       {"certificate_name", a.certificate_name},
                       {"nik", a.nik},
                       {"employment", to_code(a.employment)},
                       {"nip", a.nip},
                       {"sex", to_code(a.sex)},
                       {"email", a.email},
                       {"phone", a.phone},
                       {"position", a.position},
                       {"work_unit", a.work_unit},
                       {"office_address", a.office_address},
                       {"office_city", a.office_city},
                       {"office_province", a.office_province}};
    if (!a.confirmed_warnings.empty()) {
        auto& out = j["confirmed_warnings"] = nlohmann::json::array();
        for (const auto& w : a.confirmed_warnings) {
            out.push_back({{"field", w.field},
                           {"code", w.problem.code},
                           {"id", w.problem.message_id},
                           {"en", w.problem.message_en}});
        }
    }
}

void from_json(const nlohmann::json& j, Applicant& a) {
    auto str = [&](const char* key, std::string& out) {
        if (j.contains(key)) {
            out = j.at(key).get<std::string>();
        }
    };
    str("full_name", a.full_name);
    str("certificate_name", a.certificate_name);
    str("nik", a.nik);
    str("nip", a.nip);
    str("email", a.email);
    str("phone", a.phone);
    str("position", a.position);
    str("work_unit", a.work_unit);
    str("office_address", a.office_address);
    str("office_city", a.office_city);
    str("office_province", a.office_province);
    if (j.contains("employment")) {
        const auto code = j.at("employment").get<std::string>();
        const auto e = employment_from_code(code);
        if (!e) {
            throw std::invalid_argument("employment must be pns, pppk or other_asn, not '" + code +
                                        "'");
        }
        a.employment = *e;
    }
    if (j.contains("sex")) {
        const auto code = j.at("sex").get<std::string>();
        const auto s = sex_from_code(code);
        if (!s) {
            throw std::invalid_argument("sex must be M or F, not '" + code + "'");
        }
        a.sex = *s;
    }
    a.confirmed_warnings.clear();
    if (j.contains("confirmed_warnings")) {
        for (const auto& w : j.at("confirmed_warnings")) {
            a.confirmed_warnings.push_back(
                {w.value("field", ""),
                 {w.value("code", ""), w.value("id", ""), w.value("en", "")}});
        }
    }
}

}  // namespace anjungan::domain
