#include "app/gui/IdentifyDock.h"

#include "data/store/Store.h"
#include "gis/LinearRef.h"
#include "layers/render/Symbology.h"

#include <QHeaderView>
#include <QTreeWidget>

namespace app {

IdentifyDock::IdentifyDock(QWidget *parent)
    : QDockWidget(tr("Identify"), parent)
{
  setObjectName(QStringLiteral("IdentifyDock"));
  mTree = new QTreeWidget(this);
  mTree->setColumnCount(2);
  mTree->setHeaderLabels({tr("Field"), tr("Value")});
  mTree->setRootIsDecorated(false);
  mTree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  setWidget(mTree);
}

void IdentifyDock::clear()
{
  mTree->clear();
}

int IdentifyDock::rowCount() const
{
  return mTree->topLevelItemCount();
}

QString IdentifyDock::value(const QString &key) const
{
  for (int i = 0; i < mTree->topLevelItemCount(); ++i)
    if (mTree->topLevelItem(i)->text(0) == key) return mTree->topLevelItem(i)->text(1);
  return {};
}

void IdentifyDock::add(const QString &key, const QString &value)
{
  auto *item = new QTreeWidgetItem(mTree);
  item->setText(0, key);
  item->setText(1, value);
  item->setToolTip(1, value);
}

void IdentifyDock::showCount(int features)
{
  clear();
  add(tr("Selected"), tr("%n feature(s)", nullptr, features));
}

void IdentifyDock::showFeature(const data::Store &store, const layers::MapData &map, std::int64_t featureId,
                               const std::optional<gis::Point> &clickLonLat)
{
  clear();
  const layers::MapLayer *layer = nullptr;
  const auto mf = map.feature(featureId, &layer);
  const std::optional<data::Feature> f = store.feature(featureId);
  if (!mf || !layer || !f) {
    add(tr("Feature"), tr("%1 is no longer in the project").arg(featureId));
    return;
  }
  const bool zh = QLocale().language() == QLocale::Chinese;
  add(tr("Layer"), layers::Symbology::layerName(layer->def(), zh));
  add(tr("Id"), QString::number(f->id));
  add(tr("Code"), QString::fromStdString(f->code));
  add(tr("Name"), QString::fromStdString(f->name));
  if (layer->tracked()) {
    QString status = layers::Symbology::statusLabel(mf->status, zh);
    if (!map.asOf.empty()) status += tr(" (as of %1)").arg(QString::fromStdString(map.asOf));
    add(tr("Status"), status);
  }
  if (f->lengthM > 0) add(tr("Length"), tr("%1 m").arg(f->lengthM, 0, 'f', 1));
  if (f->areaM2 > 0)
    add(tr("Area"), tr("%1 m² (%2 mu)").arg(f->areaM2, 0, 'f', 0).arg(f->areaM2 * 15.0 / 10000.0, 0, 'f', 2));
  if (layer->kind() == layers::GeometryKind::Line && layer->tracked())
    add(tr("Completed length"), tr("%1 m").arg(mf->doneM, 0, 'f', 1));
  if (mf->waterClass != layers::WaterClass::Unknown)
    add(tr("Water quality"), layers::Symbology::waterClassLabel(mf->waterClass, zh));
  if (clickLonLat && f->geometry.dimension() == 1) {
    const std::vector<gis::LineString> lines = f->geometry.lines();
    if (!lines.empty() && lines.front().size() >= 2) {
      const gis::LinearRef ref(lines.front());
      const gis::LinearRef::Nearest n = ref.nearest(*clickLonLat);
      add(tr("Chainage at cursor"),
          tr("%1 m (%2 m from the line)").arg(n.chainage, 0, 'f', 1).arg(n.distance, 0, 'f', 1));
    }
  }
  for (const auto &[key, value] : f->attributes)
    add(QString::fromStdString(key), QString::fromStdString(data::valueToString(value)));
  add(tr("Version"), QString::number(f->version));
}

} // namespace app
