#include "app/gui/ImportController.h"

#include "app/core/Project.h"
#include "app/gui/ExportLayerDialog.h"
#include "app/gui/ImportWizard.h"
#include "app/gui/MainWindow.h"

#include <QAction>
#include <QMenu>

#include <algorithm>

namespace app {

ImportController::ImportController(MainWindow *window)
    : QObject(window)
    , mWindow(window)
    , mProject(window->project())
{
  QMenu *file = window->fileMenu();
  mImportAction = new QAction(tr("&Import layer…"), this);
  // Just before File ▸ Export map…: the first entry after the separator that follows Open recent.
  QAction *before = nullptr;
  const auto actions = file->actions();
  bool afterRecent = false;
  for (qsizetype i = 0; i + 1 < actions.size() && !before; ++i) {
    if (actions[i]->menu()) afterRecent = true;
    if (afterRecent && actions[i]->isSeparator()) before = actions[i + 1];
  }
  file->insertAction(before, mImportAction);
  mExportAction = new QAction(tr("Export &layer…"), this);
  file->insertAction(before, mExportAction);
  mImportAction->setEnabled(window->store() != nullptr);
  mExportAction->setEnabled(window->store() != nullptr);
  connect(mImportAction, &QAction::triggered, this, [this] { showImportWizard(); });
  connect(mExportAction, &QAction::triggered, this, [this] { showExportDialog(); });
  // The wizard and the dialog work on the open project's store: another project closes them (a
  // running import rolls back first, a running export finishes first).
  connect(window->project(), &core::Project::projectClosing, this, [this] {
    if (mWizard) mWizard->reject();
    if (mExportDialog) mExportDialog->reject();
  });
  connect(window->project(), &core::Project::projectOpened, this, [this] {
    mImportAction->setEnabled(!mProject->isReadOnly());
    mExportAction->setEnabled(true);
  });
}

ImportController::~ImportController() = default;

ImportWizard *ImportController::showImportWizard()
{
  if (mWizard) {
    mWizard->raise();
    return mWizard;
  }
  mWizard = new ImportWizard(mWindow);
  mWizard->setAttribute(Qt::WA_DeleteOnClose);
  mWizard->setWindowModality(Qt::WindowModal);
  mWizard->resize(std::min(660, std::max(480, mWindow->width() / 2 - 40)),
                  std::min(660, mWindow->height() - 60));
  mWizard->open();
  // At the window's left, over the docks, rather than over the middle of the map, where the wizard
  // draws its preview of the file's features.
  const QRect frame = mWindow->geometry();
  mWizard->move(frame.left() + 12, frame.top() + std::max(0, (frame.height() - mWizard->height()) / 2));
  return mWizard;
}

ExportLayerDialog *ImportController::showExportDialog()
{
  if (mExportDialog) {
    mExportDialog->raise();
    return mExportDialog;
  }
  mExportDialog = new ExportLayerDialog(mWindow);
  mExportDialog->setAttribute(Qt::WA_DeleteOnClose);
  mExportDialog->setWindowModality(Qt::WindowModal);
  mExportDialog->open();
  return mExportDialog;
}

} // namespace app
