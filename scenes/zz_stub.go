package scenes

func newCFGView() *revView       { return newRevView("008") }
func newInversionView() *revView { return newRevView("012") }
