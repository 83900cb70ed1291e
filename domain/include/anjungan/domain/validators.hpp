// Validators for what an applicant types. Each returns every problem it finds, with stable
// codes (listed in docs/validation-codes.md) and messages in Indonesian and English, plus
// the decoded parts of the value. None of them touches a device, a file or the clock: "today"
// is passed in, so the rules are testable on any date.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "anjungan/domain/problem.hpp"
#include "anjungan/platform/clock.hpp"

namespace anjungan::domain {

using platform::CivilDate;

// NIK (Nomor Induk Kependudukan), 16 digits: PP KK CC DDMMYY SSSS.
// Fields: province_code (2 digits), province, regency_code (4 digits, e.g. "6271"), [regency],
// district_code (6 digits, e.g. "627101"), birth_date
// (YYYY-MM-DD), sex ("M"/"F"), serial.
// Codes: nik.empty nik.characters nik.length nik.province nik.regency nik.district
//        nik.birth_date nik.birth_future nik.serial
Validation validate_nik(std::string_view input, const CivilDate& today);

// NIP (Nomor Induk Pegawai), 18 digits: YYYYMMDD birth, YYYYMM start of service, S sex, NNN.
// A PPPK number carries the code 21 where a PNS number has the start month.
// Fields: birth_date, service_start (YYYY-MM), service_start_year (PPPK), employment
// ("PNS"/"PPPK"), sex, serial.
// Codes: nip.empty nip.characters nip.length nip.birth_date nip.birth_future nip.too_old
//        nip.service_start nip.service_future nip.service_before_18 nip.sex nip.serial
Validation validate_nip(std::string_view input, const CivilDate& today);

// A PNS's NIK and NIP should agree on birth date and sex. Disagreement is a warning (a typo,
// or the wrong person), never an error. Only meaningful when both are individually valid.
// Codes (warnings): cross.birth_date cross.sex
Validation cross_check_nik_nip(std::string_view nik, std::string_view nip, const CivilDate& today);

// An official e-mail: well-formed, the domain is go.id or under .go.id, and, when
// `allowed_domains` is not empty, equal to or under one of them. The domain is lower-cased.
// Codes: email.empty email.format email.local_part email.domain_format email.not_go_id
//        email.personal_provider email.not_allowed email.too_long
Validation validate_email(std::string_view input, const std::vector<std::string>& allowed_domains);

// An Indonesian mobile number: 08..., +628..., 628... (also 00628...), normalised to +628...
// Fields: e164, operator_prefix. Codes: phone.empty phone.characters phone.prefix
//        phone.not_mobile phone.length
Validation validate_phone(std::string_view input);

// A person's name: letters (including accented Latin letters), spaces, '.', '\'', '-', and
// commas before trailing titles. `normalized` is the tidied name; the field
// "certificate_name" is the name without academic and religious titles.
// Codes: name.empty name.characters name.too_long name.only_titles name.too_short
Validation validate_name(std::string_view input);

// The name for the certificate: `full_name` without academic and religious titles
// (Dr., Ir., Drs., Hj., H., S.Kom., M.Si., S.H., M.M., ...), spaces tidied.
std::string certificate_name(std::string_view full_name);

// True when `token` (one word, as typed) is a recognised title.
bool is_title(std::string_view token);

}  // namespace anjungan::domain
