#include "app/gui/LeadershipController.h"

#include "app/gui/MainWindow.h"

namespace app {

LeadershipController::LeadershipController(MainWindow *window)
    : QObject(window)
    , mWindow(window)
{
}

LeadershipController::~LeadershipController() = default;

} // namespace app
