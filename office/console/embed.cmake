# Writes OUT, a C++ file that holds every file of the console's templates and static folders
# (cmake -DROOT=office/console -DOUT=... -P embed.cmake), so anjungan-office is one file that
# needs no share folder at run time. console/assets.cpp reads the table it defines.
file(GLOB_RECURSE files RELATIVE "${ROOT}" "${ROOT}/templates/*" "${ROOT}/static/*")
list(SORT files)
set(body "// Made by office/console/embed.cmake from office/console/: do not edit.\n")
string(APPEND body "#include <cstddef>\n\nnamespace anjungan::office::console::embedded {\n\n")
set(table "")
set(i 0)
foreach(f IN LISTS files)
  file(READ "${ROOT}/${f}" hex HEX)
  string(LENGTH "${hex}" n)
  math(EXPR size "${n} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND body "static const unsigned char f${i}[] = {${bytes}0x00};\n")
  string(APPEND table "    {\"${f}\", f${i}, ${size}},\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND body "\nstruct File {\n    const char* name;\n    const unsigned char* data;\n"
       "    std::size_t size;\n};\n\nextern const File kFiles[] = {\n${table}    {nullptr, nullptr, 0},\n};\n\n"
       "}  // namespace anjungan::office::console::embedded\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
