#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace data {

// Text encodings of imported files. GDAL hands over attribute text as bytes when a file does not
// declare its encoding (a DBF without .cpg and with LDID 0); Chinese Shapefiles of that kind are
// almost always GBK/GB18030, so the importer checks UTF-8 validity and tries GB18030 next.
bool isValidUtf8(std::string_view s);

// `text` converted from `encoding` (any iconv name) to UTF-8; nullopt when the bytes are not valid
// in that encoding. Throws std::invalid_argument naming the encoding when iconv does not know it.
std::optional<std::string> toUtf8(std::string_view text, const std::string &encoding);

// The iconv name for an encoding as users and .cpg files spell it: "Big-5" -> "BIG5",
// "936" -> "CP936", "utf8" -> "UTF-8", "1251" -> "CP1251", "gbk" -> "GBK".
std::string iconvEncodingName(const std::string &spelling);

// Whether iconv can convert from this encoding (after iconvEncodingName).
bool isKnownEncoding(const std::string &spelling);

} // namespace data
