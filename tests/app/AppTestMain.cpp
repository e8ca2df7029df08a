// main() for test_app: the desktop program's own Application (an exception that reaches the event
// loop is reported, as in planmap, instead of terminating), offscreen unless told otherwise, then
// GoogleTest. Linked instead of the QApplication main in tests/common (a static library's main is
// only taken when the program has none).
#include "app/gui/Application.h"

#include <gtest/gtest.h>

int main(int argc, char **argv)
{
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  app::Application app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
