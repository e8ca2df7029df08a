#include "app/gui/SearchDock.h"

#include "layers/render/Symbology.h"

#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace app {

namespace {
constexpr int kIdRole = Qt::UserRole + 1;
constexpr int kMaxResults = 200;
} // namespace

SearchDock::SearchDock(QWidget *parent)
    : QDockWidget(tr("Search"), parent)
{
  setObjectName(QStringLiteral("SearchDock"));
  auto *body = new QWidget(this);
  auto *layout = new QVBoxLayout(body);
  layout->setContentsMargins(4, 4, 4, 4);
  mEdit = new QLineEdit(body);
  mEdit->setPlaceholderText(tr("Name, code or id"));
  mEdit->setClearButtonEnabled(true);
  mList = new QListWidget(body);
  layout->addWidget(mEdit);
  layout->addWidget(mList);
  setWidget(body);
  connect(mEdit, &QLineEdit::textChanged, this, &SearchDock::search);
  connect(mEdit, &QLineEdit::returnPressed, this, &SearchDock::activateCurrent);
  // One click selects and shows a result (a double click is also an activation on some styles).
  connect(mList, &QListWidget::itemClicked, this, &SearchDock::activateCurrent);
  connect(mList, &QListWidget::itemActivated, this, &SearchDock::activateCurrent);
}

void SearchDock::setMapData(std::shared_ptr<const layers::MapData> data)
{
  mData = std::move(data);
  search(mEdit->text());
}

void SearchDock::search(const QString &text)
{
  if (mEdit->text() != text) mEdit->setText(text); // re-enters through textChanged
  mList->clear();
  const QString needle = text.trimmed();
  if (!mData || needle.isEmpty()) return;
  bool isNumber = false;
  const qint64 id = needle.toLongLong(&isNumber);
  const bool zh = QLocale().language() == QLocale::Chinese;
  for (const layers::MapLayer &l : mData->layers()) {
    for (std::size_t i = 0; i < l.size() && mList->count() < kMaxResults; ++i) {
      const layers::MapFeature &f = l.feature(i);
      const QString name = QString::fromStdString(f.name), code = QString::fromStdString(f.code);
      if (!(name.contains(needle, Qt::CaseInsensitive) || code.contains(needle, Qt::CaseInsensitive) ||
            (isNumber && f.id == id)))
        continue;
      auto *item = new QListWidgetItem(
          QStringLiteral("%1  %2 · %3")
              .arg(name.isEmpty() ? code : name, code, layers::Symbology::layerName(l.def(), zh)),
          mList);
      item->setData(kIdRole, QVariant::fromValue<qint64>(f.id));
    }
  }
  if (mList->count() > 0) mList->setCurrentRow(0);
}

int SearchDock::resultCount() const
{
  return mList->count();
}

std::int64_t SearchDock::resultId(int row) const
{
  const QListWidgetItem *item = mList->item(row);
  return item ? item->data(kIdRole).toLongLong() : 0;
}

void SearchDock::activateCurrent()
{
  if (const QListWidgetItem *item = mList->currentItem())
    emit featureActivated(item->data(kIdRole).toLongLong());
}

} // namespace app
