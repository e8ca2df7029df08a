#include "app/gui/TrackReviewDialog.h"

#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace app {

namespace {

enum Column { Use, River, From, To, Length, ColumnCount };

} // namespace

TrackReviewDialog::TrackReviewDialog(std::vector<layers::ProposedStretch> proposals, QWidget *parent)
    : QDialog(parent)
    , mProposals(std::move(proposals))
    , mTable(new QTableWidget(static_cast<int>(mProposals.size()), ColumnCount, this))
    , mDate(new QDateEdit(QDate::currentDate(), this))
    , mNote(new QLineEdit(tr("GPS track"), this))
{
  setWindowTitle(tr("Stretches the track followed"));
  auto *layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(
      tr("%n stretch(es) proposed. Tick the ones that were done and adjust their ends.", nullptr, rowCount()),
      this));
  mTable->setHorizontalHeaderLabels({tr("Use"), tr("River"), tr("From (m)"), tr("To (m)"), tr("Length (m)")});
  mTable->horizontalHeader()->setSectionResizeMode(River, QHeaderView::Stretch);
  mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
  for (int row = 0; row < rowCount(); ++row) {
    const auto &p = mProposals[static_cast<std::size_t>(row)];
    auto *use = new QTableWidgetItem;
    use->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    use->setCheckState(Qt::Checked);
    mTable->setItem(row, Use, use);
    auto *river = new QTableWidgetItem(QString::fromStdString(p.code + " " + p.name).trimmed());
    river->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    mTable->setItem(row, River, river);
    auto *length = new QTableWidgetItem;
    length->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    length->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    mTable->setItem(row, Length, length);
    for (int column : {From, To}) {
      auto *spin = new QDoubleSpinBox(mTable);
      spin->setDecimals(1);
      spin->setRange(0, std::max(p.lineLengthM, p.toM));
      spin->setValue(column == From ? p.fromM : p.toM);
      mTable->setCellWidget(row, column, spin);
      connect(spin, &QDoubleSpinBox::valueChanged, this, [this, row, column](double v) {
        auto &s = mProposals[static_cast<std::size_t>(row)];
        (column == From ? s.fromM : s.toM) = v;
        mTable->item(row, Length)->setText(QString::number(std::abs(s.toM - s.fromM), 'f', 1));
        emitHighlight(row);
      });
    }
    length->setText(QString::number(p.lengthM(), 'f', 1));
  }
  connect(mTable, &QTableWidget::currentCellChanged, this, [this](int row) { emitHighlight(row); });
  layout->addWidget(mTable);
  QStringList extended;
  for (const auto &p : mProposals)
    if (p.extendedFrom || p.extendedTo) extended << QString::fromStdString(p.code);
  if (!extended.isEmpty()) {
    auto *note = new QLabel(tr("Extended to the river's end where the walk stopped within the matching "
                               "distance of it: %1")
                                .arg(extended.join(QStringLiteral(", "))),
                            this);
    note->setObjectName(QStringLiteral("extendedNote"));
    note->setWordWrap(true);
    layout->addWidget(note);
  }

  auto *form = new QFormLayout;
  mDate->setCalendarPopup(true);
  mDate->setDisplayFormat("yyyy-MM-dd");
  mDate->setToolTip(tr("The day of the track's last point; change it if the work was done another day"));
  form->addRow(tr("Done on"), mDate);
  form->addRow(tr("Note"), mNote);
  layout->addLayout(form);

  auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
  auto *all = buttons->addButton(tr("Accept all"), QDialogButtonBox::AcceptRole);
  auto *ticked = buttons->addButton(tr("Accept ticked"), QDialogButtonBox::AcceptRole);
  connect(all, &QPushButton::clicked, this, &TrackReviewDialog::acceptAll);
  connect(ticked, &QPushButton::clicked, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  all->setEnabled(rowCount() > 0);
  ticked->setEnabled(rowCount() > 0);
  layout->addWidget(buttons);
  resize(640, 420);
}

void TrackReviewDialog::setChecked(int row, bool checked)
{
  mTable->item(row, Use)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void TrackReviewDialog::setEnds(int row, double fromM, double toM)
{
  static_cast<QDoubleSpinBox *>(mTable->cellWidget(row, From))->setValue(fromM);
  static_cast<QDoubleSpinBox *>(mTable->cellWidget(row, To))->setValue(toM);
}

void TrackReviewDialog::setDate(const QDate &date)
{
  mDate->setDate(date);
}

void TrackReviewDialog::acceptAll()
{
  for (int row = 0; row < rowCount(); ++row)
    setChecked(row, true);
  accept();
}

std::vector<layers::ProposedStretch> TrackReviewDialog::accepted() const
{
  std::vector<layers::ProposedStretch> out;
  for (int row = 0; row < rowCount(); ++row) {
    if (mTable->item(row, Use)->checkState() != Qt::Checked) continue;
    auto s = mProposals[static_cast<std::size_t>(row)];
    if (s.fromM > s.toM) std::swap(s.fromM, s.toM);
    if (s.toM > s.fromM) out.push_back(s);
  }
  return out;
}

layers::MarkCommand *TrackReviewDialog::command(layers::EditContext &context) const
{
  std::vector<layers::MarkCommand::Mark> marks;
  for (const auto &s : accepted()) {
    data::Event e;
    e.featureId = s.featureId;
    e.kind = data::EventKind::Stretch;
    e.status = data::Status::Completed;
    e.fromM = s.fromM;
    e.toM = s.toM;
    e.date = mDate->date().toString(Qt::ISODate).toStdString();
    e.note = mNote->text().trimmed().toStdString();
    marks.push_back({std::move(e), {}});
  }
  return marks.empty() ? nullptr : new layers::MarkCommand(context, std::move(marks));
}

void TrackReviewDialog::emitHighlight(int row)
{
  if (row < 0 || row >= rowCount()) return;
  const auto &s = mProposals[static_cast<std::size_t>(row)];
  emit proposalHighlighted(s.featureId, std::min(s.fromM, s.toM), std::max(s.fromM, s.toM));
}

} // namespace app
