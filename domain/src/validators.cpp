// Over 600 lines: every applicant field's rule, each in its own section (index below); the rules
// share the helpers at the top.
// [SECTION] Shared helpers
// [SECTION] NIK
// [SECTION] NIP
// [SECTION] NIK and NIP together
// [SECTION] E-mail
// [SECTION] Phone
// [SECTION] Names and titles
#include "anjungan/domain/validators.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "anjungan/domain/normalize.hpp"

namespace anjungan::domain {

using platform::is_valid_date;

// [SECTION] Shared helpers ------------------------------------------------------------------

bool Validation::has_error(const std::string& code) const {
    return std::any_of(errors.begin(), errors.end(),
                       [&](const Problem& p) { return p.code == code; });
}

bool Validation::has_warning(const std::string& code) const {
    return std::any_of(warnings.begin(), warnings.end(),
                       [&](const Problem& p) { return p.code == code; });
}

const std::string* Validation::field(const std::string& name) const {
    for (const auto& [k, v] : fields) {
        if (k == name) {
            return &v;
        }
    }
    return nullptr;
}

namespace {

int num(std::string_view digits) {
    int n = 0;
    for (char c : digits) {
        n = n * 10 + (c - '0');
    }
    return n;
}

std::string iso_date(int y, int m, int d) {
    return platform::format_date({y, m, d});
}

std::string two(int n) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", n);
    return buf;
}

std::string lower(std::string s) {
    for (auto& c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Text that is not well-formed UTF-8 (a wrong encoding, a cut paste) is refused before any
// rule, with its own code (`<what>.encoding`); the value shown has U+FFFD for each bad byte,
// so it can be printed and written as JSON. True when refused.
bool refuse_invalid_utf8(Validation& v, std::string_view what, std::string_view input,
                         const std::string& label_id, const std::string& label_en) {
    if (is_valid_utf8(input)) {
        return false;
    }
    v.normalized = replace_invalid_utf8(input);
    v.error(std::string(what) + ".encoding",
            label_id + " berisi karakter yang tidak terbaca (teks bukan UTF-8). Ketik ulang.",
            label_en + " holds unreadable characters (the text is not UTF-8). Type it again.");
    return true;
}

// Checks the length and the characters of an all-digit identifier; false stops validation.
bool check_digits(Validation& v, std::string_view what, std::size_t length) {
    const std::string w(what);
    if (v.normalized.empty()) {
        v.error(w + ".empty", w == "nik" ? "NIK wajib diisi." : "NIP wajib diisi.",
                w == "nik" ? "NIK is required." : "NIP is required.");
        return false;
    }
    const std::string upper = w == "nik" ? "NIK" : "NIP";
    if (!all_digits(v.normalized)) {
        v.error(w + ".characters", upper + " hanya boleh berisi angka.",
                upper + " may contain digits only.");
    }
    // Characters, not bytes: 16 Arabic-Indic digits are 16 given (and refused as not 0-9).
    if (count_characters(v.normalized) != length) {
        const auto n = std::to_string(length);
        const auto got = std::to_string(count_characters(v.normalized));
        v.error(w + ".length", upper + " harus " + n + " digit (tertulis " + got + ").",
                upper + " must be " + n + " digits long (" + got + " given).");
    }
    return v.errors.empty();
}

// [SECTION] NIK -----------------------------------------------------------------------------

struct Region {
    int code;
    const char* name;
};

// Province codes of Kemendagri. 91 and 92 changed names when Papua was divided (2022); a NIK
// keeps the code of the region that first issued it, so old and new codes are all valid.
constexpr std::array kProvinces{
    Region{11, "Aceh"},
    Region{12, "Sumatera Utara"},
    Region{13, "Sumatera Barat"},
    Region{14, "Riau"},
    Region{15, "Jambi"},
    Region{16, "Sumatera Selatan"},
    Region{17, "Bengkulu"},
    Region{18, "Lampung"},
    Region{19, "Kepulauan Bangka Belitung"},
    Region{21, "Kepulauan Riau"},
    Region{31, "DKI Jakarta"},
    Region{32, "Jawa Barat"},
    Region{33, "Jawa Tengah"},
    Region{34, "DI Yogyakarta"},
    Region{35, "Jawa Timur"},
    Region{36, "Banten"},
    Region{51, "Bali"},
    Region{52, "Nusa Tenggara Barat"},
    Region{53, "Nusa Tenggara Timur"},
    Region{61, "Kalimantan Barat"},
    Region{62, "Kalimantan Tengah"},
    Region{63, "Kalimantan Selatan"},
    Region{64, "Kalimantan Timur"},
    Region{65, "Kalimantan Utara"},
    Region{71, "Sulawesi Utara"},
    Region{72, "Sulawesi Tengah"},
    Region{73, "Sulawesi Selatan"},
    Region{74, "Sulawesi Tenggara"},
    Region{75, "Gorontalo"},
    Region{76, "Sulawesi Barat"},
    Region{81, "Maluku"},
    Region{82, "Maluku Utara"},
    Region{91, "Papua Barat (dahulu Papua)"},
    Region{92, "Papua Barat Daya (dahulu Papua Barat)"},
    Region{94, "Papua"},
    Region{95, "Papua Selatan"},
    Region{96, "Papua Tengah"},
    Region{97, "Papua Pegunungan"},
};

// The regencies and cities of Kalimantan Tengah, where most applicants' NIKs come from.
constexpr std::array kKaltengRegencies{
    Region{1, "Kabupaten Kotawaringin Barat"},
    Region{2, "Kabupaten Kotawaringin Timur"},
    Region{3, "Kabupaten Kapuas"},
    Region{4, "Kabupaten Barito Selatan"},
    Region{5, "Kabupaten Barito Utara"},
    Region{6, "Kabupaten Sukamara"},
    Region{7, "Kabupaten Lamandau"},
    Region{8, "Kabupaten Seruyan"},
    Region{9, "Kabupaten Katingan"},
    Region{10, "Kabupaten Pulang Pisau"},
    Region{11, "Kabupaten Gunung Mas"},
    Region{12, "Kabupaten Barito Timur"},
    Region{13, "Kabupaten Murung Raya"},
    Region{71, "Kota Palangka Raya"},
};

template <std::size_t N>
const char* region_name(const std::array<Region, N>& table, int code) {
    for (const auto& r : table) {
        if (r.code == code) {
            return r.name;
        }
    }
    return nullptr;
}

struct NikBirth {
    bool ok = false;
    int year = 0, month = 0, day = 0;
    bool female = false;
};

// DDMMYY with day + 40 for women. The century is the latest that does not put the birth after
// today (a NIK cannot tell 1925 from 2025; applicants are adults, so this errs safely).
NikBirth decode_nik_birth(std::string_view ddmmyy, const CivilDate& today) {
    NikBirth b;
    int dd = num(ddmmyy.substr(0, 2));
    b.month = num(ddmmyy.substr(2, 2));
    const int yy = num(ddmmyy.substr(4, 2));
    if (dd > 40) {
        b.female = true;
        dd -= 40;
    }
    b.day = dd;
    b.year = 2000 + yy;
    if (CivilDate{b.year, b.month, b.day} > today) {
        b.year = 1900 + yy;
    }
    b.ok = is_valid_date(b.year, b.month, b.day);
    return b;
}

}  // namespace

Validation validate_nik(std::string_view input, const CivilDate& today) {
    Validation v;
    if (refuse_invalid_utf8(v, "nik", input, "NIK", "The NIK")) {
        return v;
    }
    v.normalized = normalize_number(input);
    if (!check_digits(v, "nik", 16)) {
        return v;
    }
    const std::string_view s = v.normalized;
    const int province = num(s.substr(0, 2));
    const int regency = num(s.substr(2, 2));
    const int district = num(s.substr(4, 2));
    const int serial = num(s.substr(12, 4));
    const char* province_name = region_name(kProvinces, province);
    if (province_name == nullptr) {
        v.error("nik.province",
                "Kode provinsi " + two(province) +
                    " pada NIK tidak dikenal. Periksa dua digit "
                    "pertama.",
                "Province code " + two(province) +
                    " in the NIK does not exist. Check the first "
                    "two digits.");
    }
    if (regency == 0) {
        v.error("nik.regency", "Kode kabupaten/kota (digit 3-4) tidak boleh 00.",
                "The regency/city code (digits 3-4) cannot be 00.");
    }
    if (district == 0) {
        v.error("nik.district", "Kode kecamatan (digit 5-6) tidak boleh 00.",
                "The district code (digits 5-6) cannot be 00.");
    }
    const int raw_day = num(s.substr(6, 2));
    const NikBirth birth = decode_nik_birth(s.substr(6, 6), today);
    if ((raw_day > 31 && raw_day < 41) || raw_day > 71 || raw_day == 0 || !birth.ok) {
        v.error("nik.birth_date",
                "Tanggal lahir pada NIK (digit 7-12, " + std::string(s.substr(6, 6)) +
                    ") bukan tanggal yang benar. Untuk perempuan tanggal ditambah 40.",
                "The birth date in the NIK (digits 7-12, " + std::string(s.substr(6, 6)) +
                    ") is not a real date. For women the day is increased by 40.");
    }
    if (birth.ok && CivilDate{birth.year, birth.month, birth.day} > today) {
        v.error("nik.birth_future", "Tanggal lahir pada NIK ada di masa depan.",
                "The birth date in the NIK is in the future.");
    }
    if (serial == 0) {
        v.error("nik.serial", "Nomor urut NIK (4 digit terakhir) tidak boleh 0000.",
                "The NIK's serial number (last 4 digits) cannot be 0000.");
    }
    v.fields.emplace_back("province_code", two(province));
    if (province_name != nullptr) {
        v.fields.emplace_back("province", province_name);
    }
    v.fields.emplace_back("regency_code", two(province) + two(regency));
    if (province == 62) {
        if (const char* r = region_name(kKaltengRegencies, regency)) {
            v.fields.emplace_back("regency", r);
        }
    }
    v.fields.emplace_back("district_code", two(province) + two(regency) + two(district));
    if (birth.ok && raw_day > 0 && raw_day <= 71 && !(raw_day > 31 && raw_day < 41)) {
        v.fields.emplace_back("birth_date", iso_date(birth.year, birth.month, birth.day));
        v.fields.emplace_back("sex", birth.female ? "F" : "M");
    }
    v.fields.emplace_back("serial", std::string(s.substr(12, 4)));
    return v;
}

// [SECTION] NIP -----------------------------------------------------------------------------

namespace {
constexpr int kPppkCode = 21;             // in place of the start month on a PPPK number
constexpr int kEarliestBirthYear = 1930;  // an active civil servant is younger than this
}  // namespace

Validation validate_nip(std::string_view input, const CivilDate& today) {
    Validation v;
    if (refuse_invalid_utf8(v, "nip", input, "NIP", "The NIP")) {
        return v;
    }
    v.normalized = normalize_number(input);
    if (!check_digits(v, "nip", 18)) {
        return v;
    }
    const std::string_view s = v.normalized;
    const int by = num(s.substr(0, 4)), bm = num(s.substr(4, 2)), bd = num(s.substr(6, 2));
    const int sy = num(s.substr(8, 4)), sm = num(s.substr(12, 2));
    const int sex = num(s.substr(14, 1));
    const int serial = num(s.substr(15, 3));
    const bool pppk = sm == kPppkCode;

    const bool birth_ok = is_valid_date(by, bm, bd);
    if (!birth_ok) {
        v.error("nip.birth_date",
                "Tanggal lahir pada NIP (digit 1-8, " + std::string(s.substr(0, 8)) +
                    ") bukan tanggal yang benar.",
                "The birth date in the NIP (digits 1-8, " + std::string(s.substr(0, 8)) +
                    ") is not a real date.");
    } else if (CivilDate{by, bm, bd} > today) {
        v.error("nip.birth_future", "Tanggal lahir pada NIP ada di masa depan.",
                "The birth date in the NIP is in the future.");
    } else if (by < kEarliestBirthYear) {
        v.error("nip.too_old",
                "Tahun lahir pada NIP (" + std::to_string(by) + ") tidak mungkin untuk ASN aktif.",
                "The birth year in the NIP (" + std::to_string(by) +
                    ") is impossible for a serving civil servant.");
    }

    const bool start_month_ok = pppk || (sm >= 1 && sm <= 12);
    if (!start_month_ok || sy < 1950) {
        v.error("nip.service_start",
                "TMT CPNS pada NIP (digit 9-14, " + std::string(s.substr(8, 6)) +
                    ") bukan bulan yang benar.",
                "The start of service in the NIP (digits 9-14, " + std::string(s.substr(8, 6)) +
                    ") is not a real month.");
    } else if (sy > today.year || (!pppk && sy == today.year && sm > today.month)) {
        v.error("nip.service_future", "TMT pada NIP ada di masa depan.",
                "The start of service in the NIP is in the future.");
    } else if (birth_ok) {
        // Month granularity: the TMT is the first of a month, so the month of the 18th
        // birthday is accepted.
        const bool before_18 = pppk ? sy < by + 18 : (sy * 12 + sm) < ((by + 18) * 12 + bm);
        if (before_18) {
            v.error(
                "nip.service_before_18",
                "TMT pada NIP lebih awal dari ulang tahun ke-18; periksa tanggal lahir dan TMT.",
                "The start of service in the NIP is before the 18th birthday; check the birth "
                "date and the start.");
        }
    }
    if (sex != 1 && sex != 2) {
        v.error("nip.sex",
                "Digit ke-15 NIP (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan).",
                "Digit 15 of the NIP (sex) must be 1 (male) or 2 (female).");
    }
    if (serial == 0) {
        v.error("nip.serial", "Nomor urut NIP (3 digit terakhir) tidak boleh 000.",
                "The NIP's serial number (last 3 digits) cannot be 000.");
    }

    if (birth_ok) {
        v.fields.emplace_back("birth_date", iso_date(by, bm, bd));
    }
    if (pppk) {
        v.fields.emplace_back("service_start_year", std::to_string(sy));
    } else if (start_month_ok) {
        v.fields.emplace_back("service_start", std::to_string(sy) + "-" + two(sm));
    }
    v.fields.emplace_back("employment", pppk ? "PPPK" : "PNS");
    if (sex == 1 || sex == 2) {
        v.fields.emplace_back("sex", sex == 1 ? "M" : "F");
    }
    v.fields.emplace_back("serial", std::string(s.substr(15, 3)));
    return v;
}

// [SECTION] NIK and NIP together ------------------------------------------------------------

Validation cross_check_nik_nip(std::string_view nik, std::string_view nip, const CivilDate& today) {
    Validation v;
    const Validation a = validate_nik(nik, today);
    const Validation b = validate_nip(nip, today);
    const std::string* nik_birth = a.field("birth_date");
    const std::string* nip_birth = b.field("birth_date");
    // The NIK's century is a guess, so compare day, month and the last two digits of the year.
    if (nik_birth && nip_birth && nik_birth->substr(2) != nip_birth->substr(2)) {
        v.warning("cross.birth_date",
                  "Tanggal lahir pada NIK (" + *nik_birth + ") berbeda dengan pada NIP (" +
                      *nip_birth + "). Apakah sudah benar?",
                  "The birth date in the NIK (" + *nik_birth +
                      ") differs from the one in the NIP (" + *nip_birth + "). Is this right?");
    }
    const std::string* nik_sex = a.field("sex");
    const std::string* nip_sex = b.field("sex");
    if (nik_sex && nip_sex && *nik_sex != *nip_sex) {
        v.warning("cross.sex",
                  "Jenis kelamin pada NIK berbeda dengan pada NIP. Apakah sudah benar?",
                  "The sex in the NIK differs from the one in the NIP. Is this right?");
    }
    return v;
}

// [SECTION] E-mail --------------------------------------------------------------------------

namespace {

bool is_local_char(char c) {
    static constexpr std::string_view kSpecial = "!#$%&'*+/=?^_`{|}~-";
    return std::isalnum(static_cast<unsigned char>(c)) ||
           kSpecial.find(c) != std::string_view::npos;
}

bool valid_label(std::string_view label) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
        return false;
    }
    return std::all_of(label.begin(), label.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

constexpr std::string_view kPersonalProviders[] = {
    "gmail.com",   "googlemail.com", "yahoo.com",  "yahoo.co.id", "ymail.com",      "hotmail.com",
    "outlook.com", "live.com",       "icloud.com", "proton.me",   "protonmail.com", "aol.com"};

}  // namespace

Validation validate_email(std::string_view input, const std::vector<std::string>& allowed_domains) {
    Validation v;
    if (refuse_invalid_utf8(v, "email", input, "Alamat e-mail", "The e-mail address")) {
        return v;
    }
    const std::string text = normalize_text(input);  // an inner space stays, and is refused
    if (text.empty()) {
        v.error("email.empty", "Alamat e-mail dinas wajib diisi.",
                "An official e-mail address is required.");
        return v;
    }
    const auto at = text.find('@');
    if (at == std::string::npos || text.find('@', at + 1) != std::string::npos) {
        v.normalized = text;
        v.error("email.format",
                "Alamat e-mail harus berisi tepat satu tanda @, misalnya "
                "nama@palangkaraya.go.id.",
                "An e-mail address must contain exactly one @, for example "
                "name@palangkaraya.go.id.");
        return v;
    }
    const std::string local = text.substr(0, at);
    const std::string domain = lower(text.substr(at + 1));
    v.normalized = local + "@" + domain;
    if (v.normalized.size() > 254) {
        v.error("email.too_long", "Alamat e-mail terlalu panjang (lebih dari 254 karakter).",
                "The e-mail address is too long (more than 254 characters).");
    }
    const bool local_ok = !local.empty() && local.size() <= 64 && local.front() != '.' &&
                          local.back() != '.' && local.find("..") == std::string::npos &&
                          std::all_of(local.begin(), local.end(),
                                      [](char c) { return c == '.' || is_local_char(c); });
    if (!local_ok) {
        v.error("email.local_part",
                "Bagian sebelum @ tidak valid: gunakan huruf, angka, titik (tidak di awal/akhir, "
                "tidak berurutan), - atau _.",
                "The part before @ is not valid: use letters, digits, dots (not first, last or "
                "doubled), - or _.");
    }
    std::vector<std::string_view> labels;
    for (std::size_t start = 0;;) {
        const auto dot = domain.find('.', start);
        labels.emplace_back(std::string_view(domain).substr(
            start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos) {
            break;
        }
        start = dot + 1;
    }
    const bool domain_ok = labels.size() >= 2 && domain.size() <= 253 &&
                           std::all_of(labels.begin(), labels.end(), valid_label);
    if (!domain_ok) {
        v.error("email.domain_format", "Nama domain setelah @ tidak valid.",
                "The domain after @ is not valid.");
    }
    const bool go_id = domain == "go.id" || ends_with(domain, ".go.id");
    if (std::find(std::begin(kPersonalProviders), std::end(kPersonalProviders), domain) !=
        std::end(kPersonalProviders)) {
        v.error("email.personal_provider",
                "E-mail pribadi (" + domain +
                    ") tidak dapat dipakai; gunakan e-mail dinas "
                    "berakhiran .go.id.",
                "A personal e-mail (" + domain +
                    ") cannot be used; use your official address "
                    "ending in .go.id.");
    } else if (!go_id) {
        v.error("email.not_go_id",
                "E-mail harus e-mail dinas dengan domain go.id (berakhiran .go.id), bukan " +
                    domain + ".",
                "The e-mail must be an official address under go.id (ending in .go.id), not " +
                    domain + ".");
    }
    if (go_id && !allowed_domains.empty()) {
        const bool allowed = std::any_of(
            allowed_domains.begin(), allowed_domains.end(),
            [&](const std::string& a) { return domain == a || ends_with(domain, "." + a); });
        if (!allowed) {
            std::string list;
            for (const auto& a : allowed_domains) {
                list += (list.empty() ? "" : ", ") + a;
            }
            v.error(
                "email.not_allowed",
                "Domain " + domain + " tidak termasuk domain yang diterima di sini: " + list + ".",
                "The domain " + domain + " is not one accepted here: " + list + ".");
        }
    }
    v.fields.emplace_back("domain", domain);
    return v;
}

// [SECTION] Phone ---------------------------------------------------------------------------

Validation validate_phone(std::string_view input) {
    Validation v;
    if (refuse_invalid_utf8(v, "phone", input, "Nomor HP", "The phone number")) {
        return v;
    }
    std::string s = normalize_number(input);
    s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == '(' || c == ')'; }),
            s.end());
    v.normalized = s;
    if (s.empty()) {
        v.error("phone.empty", "Nomor HP wajib diisi.", "A mobile phone number is required.");
        return v;
    }
    const bool plus = s.front() == '+';
    const std::string digits = plus ? s.substr(1) : s;
    if (!all_digits(digits)) {
        v.error("phone.characters", "Nomor HP hanya boleh berisi angka (dan + di depan).",
                "A phone number may contain digits only (and a leading +).");
        return v;
    }
    std::string nsn;  // the national significant number, without 0 or 62
    if (plus && digits.rfind("62", 0) == 0) {
        nsn = digits.substr(2);
    } else if (!plus && digits.rfind("0062", 0) == 0) {
        nsn = digits.substr(4);
    } else if (!plus && digits.rfind("62", 0) == 0) {
        nsn = digits.substr(2);
    } else if (!plus && digits.rfind("0", 0) == 0) {
        nsn = digits.substr(1);
    } else {
        v.error("phone.prefix", "Gunakan nomor HP Indonesia yang diawali 08, +628 atau 628.",
                "Use an Indonesian mobile number starting with 08, +628 or 628.");
        return v;
    }
    // Mobile numbers are 08 followed by an operator digit; 084x and 086x are not allocated.
    static constexpr std::string_view kOperatorDigits = "1235789";
    if (nsn.size() < 2 || nsn[0] != '8' || kOperatorDigits.find(nsn[1]) == std::string_view::npos) {
        v.error("phone.not_mobile",
                "Nomor ini bukan nomor HP (nomor HP diawali 081, 082, 083, 085, 087, 088 atau "
                "089). Nomor telepon kantor tidak dapat dipakai.",
                "This is not a mobile number (mobile numbers start with 081, 082, 083, 085, 087, "
                "088 or 089). An office landline cannot be used.");
    }
    if (nsn.size() < 9 || nsn.size() > 12) {
        v.error("phone.length", "Panjang nomor HP harus 10 sampai 13 digit (diawali 08).",
                "A mobile number has 10 to 13 digits (starting with 08).");
    }
    if (v.valid()) {
        v.normalized = "+62" + nsn;
        v.fields.emplace_back("e164", v.normalized);
        v.fields.emplace_back("operator_prefix", "0" + nsn.substr(0, 3));
    }
    return v;
}

// [SECTION] Names and titles ----------------------------------------------------------------

namespace {

// Titles written before the name (compared without dots, lower-case). "H." (Haji) only counts
// with its dot, since a bare "H" may be an initial.
constexpr std::string_view kPrefixTitles[] = {"dr", "drs", "dra", "ir", "prof", "hj",
                                              "kh", "drg", "drh", "ns", "apt",  "habib"};

// Degrees written after the name (compared without dots, lower-case).
constexpr std::string_view kSuffixTitles[] = {
    // bachelor's (S1) and applied (D4)
    "skom", "ssi", "sh", "se", "st", "spd", "ssos", "sip", "sap", "sag", "skep", "sfarm", "spsi",
    "sked", "str", "sst", "shut", "sp", "spt", "spi", "skel", "sak", "skes", "sgz", "skm", "sth",
    "ssn", "sds", "shum", "sstat", "smat", "sikom", "sik", "strkom", "strt", "strkes", "sthi",
    "spdi", "shi", "sei", "sksos", "sgiz", "stp", "sars", "sadm",
    // master's (S2)
    "msi", "mm", "mkom", "mt", "mpd", "mh", "mkes", "map", "msc", "mag", "me", "mhum", "msos", "mp",
    "mak", "mkm", "meng", "mip", "mpsi", "mstat", "mtr", "mpa", "mph", "mba", "ma", "mpdi", "mhi",
    "mtp", "mars",
    // diploma (D3, D1)
    "amd", "amdkep", "amdkom", "amdkeb", "amdak", "amdt", "amdkes", "amdfarm", "amdgz", "ama",
    "amapd",
    // doctorate, specialists, professions
    "phd", "spa", "sppd", "spog", "spb", "spm", "spjp", "spkk", "sptht", "spn", "sprad", "span",
    "ak"};

std::string title_key(std::string_view token) {
    std::string key;
    for (char c : token) {
        if (c != '.' && c != ',') {
            key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return key;
}

bool in(std::string_view key, const auto& table) {
    return std::find(std::begin(table), std::end(table), key) != std::end(table);
}

bool is_prefix_title(std::string_view token) {
    const std::string key = title_key(token);
    if (key == "h") {
        return token == "H." || token == "h.";
    }
    return in(key, kPrefixTitles) || key == "dr";
}

bool is_suffix_title(std::string_view token, bool after_comma) {
    const std::string key = title_key(token);
    if (!in(key, kSuffixTitles)) {
        return false;
    }
    // Without a comma before it or a dot inside it, only an all-capital token ("SH", "MM")
    // is taken for a degree; "Ma" or "Se" may be part of a name.
    if (after_comma || token.find('.') != std::string_view::npos) {
        return true;
    }
    return std::all_of(token.begin(), token.end(),
                       [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
}

std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> words;
    std::string cur;
    for (char c : text) {
        if (c == ' ') {
            if (!cur.empty()) {
                words.push_back(cur);
            }
            cur.clear();
        } else if (c == ',') {
            if (!cur.empty()) {
                words.push_back(cur);
            }
            words.emplace_back(",");
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) {
        words.push_back(cur);
    }
    return words;
}

// Latin letters including accented ones (U+00C0..U+024F without × and ÷), as UTF-8.
bool is_name_letter_at(std::string_view s, std::size_t& i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (std::isalpha(c)) {
        ++i;
        return true;
    }
    if ((c == 0xC3 || c == 0xC4 || c == 0xC5 || c == 0xC6 || c == 0xC7 || c == 0xC8 || c == 0xC9) &&
        i + 1 < s.size()) {
        const auto d = static_cast<unsigned char>(s[i + 1]);
        const char32_t cp = (char32_t(c & 0x1F) << 6) | (d & 0x3F);
        if ((d & 0xC0) == 0x80 && cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) {
            i += 2;
            return true;
        }
    }
    return false;
}

}  // namespace

bool is_title(std::string_view token) {
    return is_prefix_title(token) || is_suffix_title(token, true);
}

std::string certificate_name(std::string_view full_name) {
    const std::vector<std::string> words = split_words(normalize_text(full_name));
    std::vector<std::string> kept;
    bool after_comma = false;
    bool leading = true;
    for (const auto& w : words) {
        if (w == ",") {
            after_comma = true;
            continue;
        }
        if (leading && is_prefix_title(w)) {
            continue;
        }
        leading = false;
        if (is_suffix_title(w, after_comma)) {
            continue;
        }
        if (after_comma && is_prefix_title(w)) {
            continue;  // "Budi, Dr." is unusual but clear
        }
        kept.push_back(w);
    }
    std::string out;
    for (const auto& w : kept) {
        out += (out.empty() ? "" : " ") + w;
    }
    return out;
}

Validation validate_name(std::string_view input) {
    Validation v;
    if (refuse_invalid_utf8(v, "name", input, "Nama", "The name")) {
        return v;
    }
    v.normalized = normalize_text(input);
    const std::string& s = v.normalized;
    if (s.empty()) {
        v.error("name.empty", "Nama wajib diisi.", "The name is required.");
        return v;
    }
    if (count_characters(s) > 120) {
        v.error("name.too_long", "Nama terlalu panjang (lebih dari 120 karakter).",
                "The name is too long (more than 120 characters).");
    }
    int letters = 0;
    std::string bad;
    for (std::size_t i = 0; i < s.size();) {
        if (is_name_letter_at(s, i)) {
            ++letters;
            continue;
        }
        const char c = s[i];
        if (c == ' ' || c == '.' || c == '\'' || c == '-' || c == ',') {
            ++i;
            continue;
        }
        // Name the offending character whole, even when it is multi-byte.
        std::size_t len = 1;
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0xF0) {
            len = 4;
        } else if (b >= 0xE0) {
            len = 3;
        } else if (b >= 0xC0) {
            len = 2;
        }
        if (bad.empty()) {
            bad = s.substr(i, len);
        }
        i += len;
    }
    if (!bad.empty()) {
        v.error("name.characters",
                "Nama hanya boleh berisi huruf, spasi, titik, koma, tanda petik (') dan tanda "
                "hubung (-); \"" +
                    bad + "\" tidak boleh.",
                "A name may contain only letters, spaces, dots, commas, apostrophes (') and "
                "hyphens (-); \"" +
                    bad + "\" is not allowed.");
    }
    bool after_comma = false;
    for (const auto& w : split_words(s)) {
        if (w == ",") {
            after_comma = true;
        } else if (after_comma && !is_title(w)) {
            v.error("name.characters",
                    "Koma hanya dipakai sebelum gelar (misalnya \"Budi Santoso, S.Kom.\"); \"" + w +
                        "\" bukan gelar. Tulis nama sesuai KTP.",
                    "A comma only comes before titles (as in \"Budi Santoso, S.Kom.\"); \"" + w +
                        "\" is not a title. Write the name as on the KTP.");
            break;
        }
    }
    const std::string cert = certificate_name(s);
    if (cert.empty()) {
        v.error("name.only_titles", "Nama hanya berisi gelar; tulis nama lengkap Anda.",
                "The name holds only titles; write your full name.");
    } else if (letters < 2) {
        v.error("name.too_short", "Nama terlalu pendek.", "The name is too short.");
    }
    v.fields.emplace_back("certificate_name", cert);
    return v;
}

}  // namespace anjungan::domain
