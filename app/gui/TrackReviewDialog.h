#pragma once

#include "layers/edit/EditCommands.h"
#include "layers/plan/TrackMatcher.h"

#include <QDate>
#include <QDialog>

class QDateEdit;
class QLineEdit;
class QTableWidget;

namespace app {

// Review of the river stretches a GPS track proposes: tick the ones to keep, adjust their ends
// (chainages, limited to the river), then accept all or the ticked ones. Nothing is written until the
// caller pushes command().
class TrackReviewDialog : public QDialog
{
  Q_OBJECT
public:
  TrackReviewDialog(std::vector<layers::ProposedStretch> proposals, QWidget *parent = nullptr);

  int rowCount() const { return static_cast<int>(mProposals.size()); }
  void setChecked(int row, bool checked);
  void setEnds(int row, double fromM, double toM);
  void setDate(const QDate &date);
  // The ticked stretches with their ends as adjusted.
  std::vector<layers::ProposedStretch> accepted() const;
  // One MarkCommand marking every accepted stretch done (one undo step); nullptr when none.
  layers::MarkCommand *command(layers::EditContext &context) const;

public slots:
  void acceptAll();

signals:
  // The current row changed or its ends were adjusted: for the map to highlight the stretch.
  void proposalHighlighted(qint64 featureId, double fromM, double toM);

private:
  void emitHighlight(int row);

  std::vector<layers::ProposedStretch> mProposals;
  QTableWidget *mTable;
  QDateEdit *mDate;
  QLineEdit *mNote;
};

} // namespace app
