// The import wizard's validation report in the UI language: the importer's report (shared with the
// CLI, which prints it in English) worded again through tr(), item by item and by kind.
#include "app/gui/ImportWizard.h"

#include <QLocale>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>

namespace app {

QString ImportWizard::problemText(data::ImportReport::Item::Kind kind, const QString &p) const
{
  using K = data::ImportReport::Item::Kind;
  QRegularExpressionMatch m;
  auto match = [&](const char *re) {
    m = QRegularExpression(QString::fromUtf8(re)).match(p);
    return m.hasMatch();
  };
  QString t = p;
  switch (kind) {
  case K::NoGeometry:
    t = tr("no geometry");
    break;
  case K::WrongGeometryType:
    if (match("^is a (\\w+); layer (\\S+) takes (\\w+)"))
      t = tr("is a %1; layer %2 takes %3").arg(m.captured(1), m.captured(2), m.captured(3));
    break;
  case K::NotInteger:
    if (match("^field (\\S+): (.*) is not an integer$"))
      t = tr("field %1: %2 is not an integer").arg(m.captured(1), m.captured(2));
    break;
  case K::NotNumber:
    if (match("^field (\\S+): (.*) is not a (?:finite )?number$"))
      t = tr("field %1: %2 is not a number").arg(m.captured(1), m.captured(2));
    break;
  case K::NotInValueList:
    if (match("^field (\\S+): (.*) is not one of (.*)$"))
      t = tr("field %1: %2 is not one of %3").arg(m.captured(1), m.captured(2), m.captured(3));
    break;
  case K::RequiredEmpty:
    if (match("^field (\\S+) is required")) t = tr("field %1 is required but empty").arg(m.captured(1));
    break;
  case K::RequiredMissing:
    if (match("^field (\\S+) is required"))
      t = tr("field %1 is required and no field of the file goes into it").arg(m.captured(1));
    break;
  case K::Unrepairable:
    if (match("^invalid geometry \\((.*)\\) that cannot be repaired$"))
      t = tr("invalid geometry (%1) that cannot be repaired").arg(m.captured(1));
    break;
  case K::InvalidGeometry:
    if (match("^invalid geometry: (.*)$")) t = tr("invalid geometry: %1").arg(m.captured(1));
    break;
  case K::Duplicate:
    if (match("^same geometry and attributes as (.*)$")) {
      data::ImportReport::Item other{m.captured(1).toStdString(), {}, K::Other};
      t = tr("same geometry and attributes as %1").arg(itemText(other));
    }
    break;
  case K::Outside:
    if (match("^at least ([0-9.]+) km outside"))
      t = tr("at least %1 km outside the town boundary (wrong coordinate system?)").arg(m.captured(1));
    break;
  case K::CodeTwice:
    if (match("^code (.+) appears twice")) t = tr("code %1 appears twice in the file").arg(m.captured(1));
    break;
  case K::CodeUsed:
    if (match("^code (.+) is already used"))
      t = tr("code %1 is already used in the project").arg(m.captured(1));
    break;
  case K::Repaired:
  case K::Other:
    break;
  }
  return t;
}

QString ImportWizard::itemText(const data::ImportReport::Item &item) const
{
  // "feature 12 of layer tracks (黄浦江)"
  QString feature = QString::fromStdString(item.feature);
  static const QRegularExpression labelRe(
      QStringLiteral("^feature (\\d+)(?: of layer (.+?))?(?: \\((.*)\\))?$"));
  if (const auto m = labelRe.match(feature); m.hasMatch()) {
    feature = m.captured(2).isEmpty() ? tr("feature %1").arg(m.captured(1))
                                      : tr("feature %1 of layer %2").arg(m.captured(1), m.captured(2));
    if (!m.captured(3).isEmpty()) feature += QStringLiteral(" (%1)").arg(m.captured(3));
  }
  // An error may join several problems with "; ".
  QStringList parts;
  const QString message = QString::fromStdString(item.message);
  using K = data::ImportReport::Item::Kind;
  const QStringList problems = item.kind == K::WrongGeometryType || item.kind == K::Other
                                   ? QStringList{message}
                                   : message.split(QStringLiteral("; "));
  for (const QString &p : problems) {
    const K kind = item.kind == K::Repaired ? K::Repaired : data::ImportReport::kindOf(p.toStdString());
    parts << problemText(kind, p);
  }
  const QString text = parts.join(tr("; "));
  return text.isEmpty() ? feature : tr("%1: %2").arg(feature, text);
}

QString ImportWizard::reportText(const data::ImportReport &r) const
{
  const QLocale locale;
  QStringList out;
  auto q = [](const std::string &s) { return QString::fromStdString(s); };
  out << tr("File: %1 (%2)").arg(q(r.file), q(r.driver));
  if (!r.sourceLayers.empty()) {
    QStringList layers;
    for (const auto &l : r.sourceLayers)
      layers << q(l);
    out << tr("Source layers: %1").arg(layers.join(QStringLiteral("; ")));
  }
  out << tr("Coordinate system: %1 → WGS84 (EPSG:4326)").arg(q(r.crs));
  out << (r.newLayer ? tr("Target layer: %1 (new)") : tr("Target layer: %1")).arg(q(r.targetLayer));
  if (!r.fieldMapping.empty()) {
    QStringList fields;
    for (const auto &[src, dst] : r.fieldMapping)
      fields << QStringLiteral("%1 → %2").arg(q(src), q(dst));
    out << tr("Fields: %1").arg(fields.join(QStringLiteral(", ")));
  }
  static const QRegularExpression unmappedRe(QStringLiteral(
      "^fields not imported \\(no matching field in layer (\\S+); use --map SRC=DST\\): (.*)$"));
  for (const auto &n : r.notes) {
    const auto m = unmappedRe.match(q(n));
    out << tr("Note: %1")
               .arg(m.hasMatch() ? tr("fields not imported (no matching field in layer %1; choose one "
                                      "in the field table): %2")
                                       .arg(m.captured(1), m.captured(2))
                                 : q(n));
  }
  out << tr("Features read: %1").arg(r.read);
  constexpr std::size_t kMax = 200;
  // A list keeps only its first ImportReport::kKeptItems items; `count` is how many there are.
  auto list = [&](const QString &heading, const std::vector<data::ImportReport::Item> &items,
                  std::size_t count) {
    count = std::max(count, items.size());
    if (count == 0) return;
    out << heading.arg(count);
    std::size_t shown = 0;
    for (; shown < items.size() && shown < kMax; ++shown)
      out << QStringLiteral("  ") + itemText(items[shown]);
    if (count > shown) out << tr("  … and %1 more").arg(count - shown);
  };
  list(tr("Invalid geometries repaired: %1"), r.repaired, r.counts.repaired);
  list(tr("Without geometry (skipped: cannot be placed on a map): %1"), r.empty, r.counts.empty);
  list(tr("Duplicates: %1"), r.duplicates, r.counts.duplicates);
  list(tr("Outside the town boundary: %1"), r.outside, r.counts.outside);
  list(tr("Errors: %1"), r.errors, r.counts.errors);
  if (r.totalLengthM > 0)
    out << tr("Total length: %1 km").arg(locale.toString(r.totalLengthM / 1000.0, 'f', 3));
  if (r.totalAreaM2 > 0)
    out << tr("Total area: %1 m² (%2 mu)")
               .arg(locale.toString(r.totalAreaM2, 'f', 0),
                    locale.toString(r.totalAreaM2 * 15.0 / 10000.0, 'f', 1));
  const std::size_t skippedCount = std::max(r.counts.empty, r.empty.size());
  const QString skipped =
      skippedCount == 0 ? QString() : tr(" (%1 without geometry skipped)").arg(skippedCount);
  if (r.blocked())
    out << tr("Nothing can be imported: %1 feature(s) with errors.").arg(r.blockingCount());
  else
    out << tr("Dry run: %1 feature(s) would be imported%2; nothing has been written.")
               .arg(r.toWrite)
               .arg(skipped);
  return out.join(QLatin1Char('\n'));
}

} // namespace app
