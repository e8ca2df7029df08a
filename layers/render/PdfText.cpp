#include "layers/render/PdfText.h"

#include <QRawFont>

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFWriter.hh>

#include <map>
#include <regex>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace layers {

namespace {

constexpr char32_t kRadicalsFirst = 0x2E80, kRadicalsLast = 0x2FDF;

bool isRadical(char32_t c)
{
  return c >= kRadicalsFirst && c <= kRadicalsLast;
}

// Radical → the unified ideograph drawn with the same glyph in one of `fonts`; Unicode's
// compatibility decomposition (NFKC) where no font says (every Kangxi radical has one).
std::map<char32_t, char32_t> radicalMap(const std::vector<QFont> &fonts)
{
  std::map<char32_t, char32_t> out;
  QString ideographs;
  for (char32_t c = 0x4E00; c <= 0x9FFF; ++c)
    ideographs += QChar(static_cast<char16_t>(c));
  for (char32_t c = 0x3400; c <= 0x4DBF; ++c)
    ideographs += QChar(static_cast<char16_t>(c));
  for (const QFont &font : fonts) {
    const QRawFont raw = QRawFont::fromFont(font);
    if (!raw.isValid()) continue;
    const QList<quint32> glyphs = raw.glyphIndexesForString(ideographs);
    std::unordered_map<quint32, char32_t> firstIdeograph;
    for (qsizetype i = 0; i < glyphs.size(); ++i)
      if (glyphs[i] != 0) firstIdeograph.emplace(glyphs[i], ideographs[i].unicode());
    for (char32_t r = kRadicalsFirst; r <= kRadicalsLast; ++r) {
      const QList<quint32> g = raw.glyphIndexesForString(QString(QChar(static_cast<char16_t>(r))));
      if (g.size() != 1 || g[0] == 0 || out.count(r)) continue;
      if (auto it = firstIdeograph.find(g[0]); it != firstIdeograph.end()) out[r] = it->second;
    }
  }
  for (char32_t r = kRadicalsFirst; r <= kRadicalsLast; ++r) {
    if (out.count(r)) continue;
    const QString n = QString(QChar(static_cast<char16_t>(r))).normalized(QString::NormalizationForm_KC);
    if (n.size() == 1 && !isRadical(n[0].unicode())) out[r] = n[0].unicode();
  }
  return out;
}

std::string hex4(char32_t c)
{
  static const char *digits = "0123456789ABCDEF";
  std::string s(4, '0');
  for (int i = 3; i >= 0; --i, c >>= 4)
    s[static_cast<std::size_t>(i)] = digits[c & 0xF];
  return s;
}

// Rewrites the destinations of a ToUnicode CMap: the second token of each bfchar pair, the third
// of a one-code bfrange line, and every element of a bfrange array.
std::string repairCMap(const std::string &cmap, const std::map<char32_t, char32_t> &radicals)
{
  static const std::regex token(R"(<([0-9A-Fa-f]+)>|\[|\]|beginbfchar|endbfchar|beginbfrange|endbfrange)");
  std::string out;
  out.reserve(cmap.size());
  enum class Section { None, Char, Range } section = Section::None;
  int position = 0; // token index within the current entry
  bool inArray = false;
  std::string lo;
  std::size_t copied = 0;
  for (auto it = std::sregex_iterator(cmap.begin(), cmap.end(), token); it != std::sregex_iterator(); ++it) {
    const std::smatch &m = *it;
    const std::string t = m.str();
    if (t == "beginbfchar" || t == "beginbfrange" || t == "endbfchar" || t == "endbfrange") {
      section = t == "beginbfchar" ? Section::Char : t == "beginbfrange" ? Section::Range : Section::None;
      position = 0;
      continue;
    }
    if (section == Section::None) continue;
    if (t == "[") {
      inArray = true;
      continue;
    }
    if (t == "]") {
      inArray = false;
      position = 0;
      continue;
    }
    bool destination = false;
    if (section == Section::Char) {
      destination = position == 1;
      position = (position + 1) % 2;
    } else if (inArray) {
      destination = true;
    } else {
      if (position == 0) lo = m.str(1);
      destination = position == 2 && m.str(1) == lo; // a range of one code only
      position = (position + 1) % 3;
    }
    const std::string digits = m.str(1);
    if (!destination || digits.size() != 4) continue;
    const auto code = static_cast<char32_t>(std::stoul(digits, nullptr, 16));
    const auto to = radicals.find(code);
    if (!isRadical(code) || to == radicals.end()) continue;
    const auto at = static_cast<std::size_t>(m.position(1));
    out.append(cmap, copied, at - copied);
    out += hex4(to->second);
    copied = at + 4;
  }
  out.append(cmap, copied, std::string::npos);
  return out;
}

} // namespace

QByteArray repairPdfText(const QByteArray &pdf, const std::vector<QFont> &fonts)
{
  const std::map<char32_t, char32_t> radicals = radicalMap(fonts);
  try {
    QPDF doc;
    doc.setSuppressWarnings(true);
    doc.processMemoryFile("PDF", pdf.constData(), static_cast<std::size_t>(pdf.size()));
    for (QPDFObjectHandle obj : doc.getAllObjects()) {
      if (!obj.isDictionary() || !obj.hasKey("/ToUnicode")) continue;
      QPDFObjectHandle map = obj.getKey("/ToUnicode");
      if (!map.isStream()) continue;
      const std::shared_ptr<Buffer> data = map.getStreamData(qpdf_dl_generalized);
      const std::string text(reinterpret_cast<const char *>(data->getBuffer()), data->getSize());
      const std::string repaired = repairCMap(text, radicals);
      if (repaired != text)
        map.replaceStreamData(repaired, QPDFObjectHandle::newNull(), QPDFObjectHandle::newNull());
    }
    QPDFWriter writer(doc);
    writer.setOutputMemory();
    writer.write();
    const std::shared_ptr<Buffer> out = writer.getBufferSharedPointer();
    return QByteArray(reinterpret_cast<const char *>(out->getBuffer()),
                      static_cast<qsizetype>(out->getSize()));
  } catch (const std::exception &e) {
    throw std::runtime_error(std::string("cannot repair the PDF's text layer: ") + e.what());
  }
}

} // namespace layers
