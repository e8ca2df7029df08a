#pragma once

// Makes the text of a PDF written by Qt searchable and copyable in Chinese. Qt's PDF engine writes
// each glyph's ToUnicode entry from the first code point the font maps to that glyph, and CJK fonts
// (Noto CJK) give a radical (U+2E80–U+2FDF, such as ⾏ U+2F8F) the same glyph as its unified
// ideograph (行 U+884C): the radical comes first, so 行动计划 extracted as ⾏动计划. This rewrites
// every ToUnicode map of the PDF so that such a radical reads as the ideograph that shares its glyph
// in the given fonts (the ones the PDF was drawn with); the page content is not touched.

#include <QByteArray>
#include <QFont>

#include <vector>

namespace layers {

// Returns the PDF with its ToUnicode maps repaired; throws std::runtime_error when the bytes are
// not a PDF qpdf can read (Qt's own output always is).
QByteArray repairPdfText(const QByteArray &pdf, const std::vector<QFont> &fonts);

} // namespace layers
