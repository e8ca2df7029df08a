#pragma once

#include <QObject>
#include <QString>

class QLabel;
class QStatusBar;
class QTimer;
class QUndoCommand;
class QWidget;

namespace core {
class Project;
}

namespace app {

// Says after each action what was recorded ("HD-011 周家沥 0–455 m completed"), and after an undo
// what was undone: in the status bar and in a short notice over the map.
class ActionNotice : public QObject
{
  Q_OBJECT
public:
  ActionNotice(core::Project &project, QStatusBar *bar, QWidget *over);
  // The last text said, "" before any.
  QString text() const { return mText; }
  QLabel *label() const { return mLabel; }
  void show(const QString &text);

signals:
  void shown(const QString &text);

private:
  void onIndexChanged(int index);
  QString describe(const QUndoCommand &command) const;

  core::Project &mProject;
  QStatusBar *mBar;
  QLabel *mLabel;
  QTimer *mHide;
  int mIndex = 0;
  QString mText;
};

} // namespace app
