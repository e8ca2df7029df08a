#include "app/gui/ImportController.h"

#include "app/gui/ImportWizard.h"
#include "app/gui/MainWindow.h"

#include <QAction>
#include <QMenu>

namespace app {

ImportController::ImportController(MainWindow *window)
    : QObject(window)
    , mWindow(window)
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
  mImportAction->setEnabled(window->store() != nullptr);
  connect(mImportAction, &QAction::triggered, this, [this] { showImportWizard(); });
  connect(window, &MainWindow::projectOpened, this, [this] { mImportAction->setEnabled(true); });
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
  mWizard->open();
  return mWizard;
}

} // namespace app
