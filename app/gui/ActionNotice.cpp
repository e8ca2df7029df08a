#include "app/gui/ActionNotice.h"

#include "app/core/Project.h"
#include "app/gui/MarkingPanel.h"
#include "data/store/Store.h"
#include "layers/edit/EditCommands.h"

#include <QLabel>
#include <QStatusBar>
#include <QTimer>
#include <QUndoStack>

namespace app {

namespace {

constexpr int kShownMs = 6000;

} // namespace

ActionNotice::ActionNotice(core::Project &project, QStatusBar *bar, QWidget *over)
    : QObject(over)
    , mProject(project)
    , mBar(bar)
    , mLabel(new QLabel(over))
    , mHide(new QTimer(this))
{
  mLabel->setObjectName(QStringLiteral("actionNotice"));
  mLabel->setStyleSheet(QStringLiteral("background: rgba(30, 30, 30, 210); color: white; padding: 6px 12px; "
                                       "border-radius: 4px"));
  mLabel->hide();
  mHide->setSingleShot(true);
  connect(mHide, &QTimer::timeout, mLabel, &QWidget::hide);
  connect(project.undoStack(), &QUndoStack::indexChanged, this, &ActionNotice::onIndexChanged);
}

void ActionNotice::show(const QString &text)
{
  mText = text;
  mBar->showMessage(text, kShownMs);
  mLabel->setText(text);
  mLabel->adjustSize();
  QWidget *over = mLabel->parentWidget();
  mLabel->move((over->width() - mLabel->width()) / 2, over->height() - mLabel->height() - 40);
  mLabel->show();
  mLabel->raise();
  mHide->start(kShownMs);
  emit shown(text);
}

void ActionNotice::onIndexChanged(int index)
{
  QUndoStack *stack = mProject.undoStack();
  const int was = std::exchange(mIndex, index);
  if (index > was && index <= stack->count()) { // a push or a redo
    if (const QUndoCommand *c = stack->command(index - 1)) show(describe(*c));
  } else if (index < was && index < stack->count()) {
    if (const QUndoCommand *c = stack->command(index)) show(tr("Undone: %1").arg(c->text()));
  }
}

QString ActionNotice::describe(const QUndoCommand &command) const
{
  const auto *mark = dynamic_cast<const layers::MarkCommand *>(&command);
  const data::Store *store = mProject.store();
  if (!mark || !store) return command.text();
  // What the mark did: each feature with its stretch and the status it has now.
  QStringList parts;
  for (const data::Event &e : mark->stored()) {
    const auto f = store->feature(e.featureId);
    if (!f) continue;
    QString part = QString::fromStdString(f->code + " " + f->name).trimmed();
    if (e.kind == data::EventKind::Stretch && e.fromM && e.toM)
      part += QStringLiteral(" %1–%2 m").arg(*e.fromM, 0, 'f', 0).arg(*e.toM, 0, 'f', 0);
    parts << part + QLatin1Char(' ') + MarkingPanel::statusText(f->status);
  }
  return parts.isEmpty() ? command.text() : parts.join(QStringLiteral("; "));
}

} // namespace app
