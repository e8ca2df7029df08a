#include "app/gui/ImportController.h"

#include "app/gui/MainWindow.h"

namespace app {

ImportController::ImportController(MainWindow *window)
    : QObject(window)
    , mWindow(window)
{
}

ImportController::~ImportController() = default;

} // namespace app
