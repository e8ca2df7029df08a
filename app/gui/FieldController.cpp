#include "app/gui/FieldController.h"

#include "app/gui/MainWindow.h"

namespace app {

FieldController::FieldController(MainWindow *window)
    : QObject(window)
    , mWindow(window)
{
}

FieldController::~FieldController() = default;

} // namespace app
