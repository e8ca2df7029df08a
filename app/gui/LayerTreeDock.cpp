#include "app/gui/LayerTreeDock.h"

#include "app/gui/ScaleEdit.h"
#include "layers/render/Symbology.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QSlider>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace app {

namespace {

constexpr int kIdRole = Qt::UserRole + 1;

QIcon swatch(layers::LayerRole role, layers::MarkerShape marker, const QColor &colour)
{
  QPixmap pm(18, 18);
  pm.fill(Qt::transparent);
  QPainter p(&pm);
  p.setRenderHint(QPainter::Antialiasing);
  switch (role) {
  case layers::LayerRole::Point:
    p.setPen(QPen(QColor(30, 30, 30), 0.8));
    layers::Symbology::drawMarker(p, marker, QPointF(9, 9), 12, colour);
    break;
  case layers::LayerRole::Line:
  case layers::LayerRole::Road:
    p.setPen(QPen(colour, 3, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(QPointF(2, 13), QPointF(16, 5));
    break;
  default:
    p.setPen(QPen(colour.darker(140), 1));
    p.setBrush(colour);
    p.drawRect(QRectF(2.5, 4.5, 13, 9));
  }
  return QIcon(pm);
}

} // namespace

LayerTreeDock::LayerTreeDock(QWidget *parent)
    : QDockWidget(tr("Layers"), parent)
{
  setObjectName(QStringLiteral("LayerTreeDock"));
  auto *body = new QWidget(this);
  auto *layout = new QVBoxLayout(body);
  layout->setContentsMargins(4, 4, 4, 4);
  mTree = new QTreeWidget(body);
  mTree->setHeaderHidden(true);
  mTree->setContextMenuPolicy(Qt::CustomContextMenu);
  layout->addWidget(mTree);

  auto *row = new QHBoxLayout;
  auto *up = new QToolButton(body);
  up->setArrowType(Qt::UpArrow);
  up->setToolTip(tr("Draw the layer higher"));
  auto *down = new QToolButton(body);
  down->setArrowType(Qt::DownArrow);
  down->setToolTip(tr("Draw the layer lower"));
  row->addWidget(up);
  row->addWidget(down);
  row->addWidget(new QLabel(tr("Opacity"), body));
  mOpacity = new QSlider(Qt::Horizontal, body);
  mOpacity->setRange(0, 100);
  mOpacity->setValue(100);
  mOpacity->setEnabled(false);
  row->addWidget(mOpacity, 1);
  layout->addLayout(row);

  // Scale range of the current layer, as "1:N" (empty = no limit).
  auto *scales = new QHBoxLayout;
  auto scaleField = [body](const QString &name, const QString &tip) {
    auto *e = new QLineEdit(body);
    e->setObjectName(name);
    e->setPlaceholderText(QStringLiteral("1:∞"));
    e->setToolTip(tip);
    e->setEnabled(false);
    return e;
  };
  mZoomedOutLimit =
      scaleField(QStringLiteral("zoomedOutLimit"),
                 tr("Hide the layer when the map is zoomed out beyond this scale (empty: never)"));
  mZoomedInLimit =
      scaleField(QStringLiteral("zoomedInLimit"),
                 tr("Hide the layer when the map is zoomed in beyond this scale (empty: never)"));
  scales->addWidget(new QLabel(tr("Visible from"), body));
  scales->addWidget(mZoomedOutLimit, 1);
  scales->addWidget(new QLabel(tr("to"), body));
  scales->addWidget(mZoomedInLimit, 1);
  layout->addLayout(scales);
  setWidget(body);
  connect(mZoomedOutLimit, &QLineEdit::editingFinished, this, &LayerTreeDock::scaleEdited);
  connect(mZoomedInLimit, &QLineEdit::editingFinished, this, &LayerTreeDock::scaleEdited);

  connect(up, &QToolButton::clicked, this, [this] { moveCurrent(+1); });
  connect(down, &QToolButton::clicked, this, [this] { moveCurrent(-1); });
  connect(mTree, &QTreeWidget::itemChanged, this, &LayerTreeDock::itemChanged);
  connect(mTree, &QTreeWidget::currentItemChanged, this, &LayerTreeDock::currentChanged);
  connect(mOpacity, &QSlider::valueChanged, this, [this](int v) {
    const std::string id = currentLayerId();
    if (mUpdating || id.empty()) return;
    mOptions.layerStyles[id].opacity = v / 100.0;
    emit optionsChanged(mOptions);
  });
  connect(mTree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
    if (!item->parent()) emit zoomToLayerRequested(item->data(0, kIdRole).toString().toStdString());
  });
  connect(mTree, &QTreeWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
    QTreeWidgetItem *item = mTree->itemAt(pos);
    if (!item || item->parent()) return;
    QMenu menu(this);
    const std::string id = item->data(0, kIdRole).toString().toStdString();
    menu.addAction(tr("Zoom to layer"), this, [this, id] { emit zoomToLayerRequested(id); });
    menu.exec(mTree->viewport()->mapToGlobal(pos));
  });
}

void LayerTreeDock::setMapData(const layers::MapData &data, const layers::MapSettings &options)
{
  mOptions = options;
  const layers::Symbology sym(data);
  mEntries.clear();
  for (const layers::MapLayer &l : data.layers()) {
    Entry e;
    e.id = l.id();
    e.name = layers::Symbology::layerName(l.def(), options.chinese);
    const layers::LayerSymbol &s = sym.symbol(l.id());
    if (l.tracked()) {
      for (data::Status st :
           {data::Status::Planned, data::Status::InProgress, data::Status::Completed, data::Status::Accepted})
        e.legend.emplace_back(swatch(s.role, s.marker, layers::Symbology::statusColour(st)),
                              layers::Symbology::statusLabel(st, options.chinese));
      const bool baseMap = s.role == layers::LayerRole::Road || s.role == layers::LayerRole::Water;
      e.icon = swatch(s.role, s.marker,
                      baseMap ? (s.fill.isValid() ? s.fill : s.stroke)
                              : layers::Symbology::statusColour(data::Status::Completed));
    } else {
      e.icon = swatch(s.role, s.marker, s.fill.isValid() ? s.fill : s.stroke);
    }
    mEntries.push_back(std::move(e));
  }
  // Honour a saved order: listed layers first (bottom up), the rest after in data order.
  std::stable_sort(mEntries.begin(), mEntries.end(), [this](const Entry &a, const Entry &b) {
    auto rank = [this](const std::string &id) {
      auto it = std::find(mOptions.layerOrder.begin(), mOptions.layerOrder.end(), id);
      return it == mOptions.layerOrder.end() ? mOptions.layerOrder.size()
                                             : std::size_t(it - mOptions.layerOrder.begin());
    };
    return rank(a.id) < rank(b.id);
  });
  rebuild();
}

void LayerTreeDock::rebuild()
{
  mUpdating = true;
  const std::string current = currentLayerId();
  mTree->clear();
  mOptions.layerOrder.clear();
  for (const Entry &e : mEntries)
    mOptions.layerOrder.push_back(e.id);
  // The top of the list is the layer drawn last.
  for (auto it = mEntries.rbegin(); it != mEntries.rend(); ++it) {
    auto *item = new QTreeWidgetItem(mTree);
    item->setText(0, it->name);
    item->setIcon(0, it->icon);
    item->setData(0, kIdRole, QString::fromStdString(it->id));
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(0, mOptions.style(it->id).visible ? Qt::Checked : Qt::Unchecked);
    for (const auto &[icon, label] : it->legend) {
      auto *child = new QTreeWidgetItem(item);
      child->setIcon(0, icon);
      child->setText(0, label);
      child->setFlags(Qt::ItemIsEnabled);
    }
    if (it->id == current) mTree->setCurrentItem(item);
  }
  mUpdating = false;
  updateScaleHints();
  currentChanged();
}

std::string LayerTreeDock::currentLayerId() const
{
  QTreeWidgetItem *item = mTree->currentItem();
  if (!item) return {};
  if (item->parent()) item = item->parent();
  return item->data(0, kIdRole).toString().toStdString();
}

void LayerTreeDock::moveCurrent(int delta)
{
  const std::string id = currentLayerId();
  auto it = std::find_if(mEntries.begin(), mEntries.end(), [&id](const Entry &e) { return e.id == id; });
  if (it == mEntries.end()) return;
  const auto pos = it - mEntries.begin();
  const auto target = pos + delta;
  if (target < 0 || target >= static_cast<std::ptrdiff_t>(mEntries.size())) return;
  std::swap(mEntries[pos], mEntries[target]);
  rebuild();
  emit optionsChanged(mOptions);
}

void LayerTreeDock::itemChanged(QTreeWidgetItem *item)
{
  if (mUpdating || item->parent()) return;
  const std::string id = item->data(0, kIdRole).toString().toStdString();
  const bool visible = item->checkState(0) == Qt::Checked;
  if (mOptions.style(id).visible == visible) return;
  mOptions.layerStyles[id].visible = visible;
  emit optionsChanged(mOptions);
}

void LayerTreeDock::currentChanged()
{
  const std::string id = currentLayerId();
  mUpdating = true;
  mOpacity->setEnabled(!id.empty());
  mOpacity->setValue(static_cast<int>(std::lround(mOptions.style(id).opacity * 100)));
  const layers::LayerStyle style = mOptions.style(id);
  auto show = [&id](QLineEdit *e, double n) {
    e->setEnabled(!id.empty());
    e->setText(n > 0 ? QStringLiteral("1:%1").arg(QLocale::c().toString(n, 'f', 0)) : QString());
  };
  show(mZoomedOutLimit, style.maxScale);
  show(mZoomedInLimit, style.minScale);
  mUpdating = false;
}

void LayerTreeDock::scaleEdited()
{
  const std::string id = currentLayerId();
  if (mUpdating || id.empty()) return;
  auto read = [](QLineEdit *e) {
    const QString t = e->text().trimmed();
    if (t.isEmpty()) return 0.0;
    const double n = ScaleEdit::parse(t);
    return n > 0 ? n : -1.0;
  };
  const double maxScale = read(mZoomedOutLimit), minScale = read(mZoomedInLimit);
  if (maxScale < 0 || minScale < 0) {
    currentChanged(); // not a scale: show the range in force again
    return;
  }
  setScaleRange(id, minScale, maxScale);
}

void LayerTreeDock::setScaleRange(const std::string &layerId, double minScale, double maxScale)
{
  // Typed the wrong way round ("from 1:500 to 1:50,000"): the range is the same.
  if (minScale > 0 && maxScale > 0 && minScale > maxScale) std::swap(minScale, maxScale);
  layers::LayerStyle &style = mOptions.layerStyles[layerId];
  if (style.minScale == minScale && style.maxScale == maxScale) return;
  style.minScale = minScale;
  style.maxScale = maxScale;
  if (layerId == currentLayerId()) currentChanged();
  updateScaleHints();
  emit optionsChanged(mOptions);
}

void LayerTreeDock::setMapScale(double scale)
{
  mMapScale = scale;
  updateScaleHints();
}

void LayerTreeDock::updateScaleHints()
{
  // As in QGIS: a layer outside its scale range keeps its check box but is shown greyed.
  const QColor grey = palette().color(QPalette::Disabled, QPalette::Text);
  const QColor normal = palette().color(QPalette::Active, QPalette::Text);
  const bool wasUpdating = mUpdating;
  mUpdating = true;
  for (int i = 0; i < mTree->topLevelItemCount(); ++i) {
    QTreeWidgetItem *item = mTree->topLevelItem(i);
    const layers::LayerStyle s = mOptions.style(item->data(0, kIdRole).toString().toStdString());
    const bool outside = mMapScale > 0 && ((s.minScale > 0 && mMapScale < s.minScale) ||
                                           (s.maxScale > 0 && mMapScale > s.maxScale));
    item->setForeground(0, outside ? grey : normal);
    item->setToolTip(0, outside ? tr("Not drawn at this scale (scale range)") : QString());
  }
  mUpdating = wasUpdating;
}

bool LayerTreeDock::isGreyed(const std::string &layerId) const
{
  for (int i = 0; i < mTree->topLevelItemCount(); ++i) {
    QTreeWidgetItem *item = mTree->topLevelItem(i);
    if (item->data(0, kIdRole).toString().toStdString() == layerId)
      return item->foreground(0).color() == palette().color(QPalette::Disabled, QPalette::Text) &&
             !item->toolTip(0).isEmpty();
  }
  return false;
}

} // namespace app
