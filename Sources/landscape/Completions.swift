import ArgumentParser
import Landscapes
import Plotting
import Trajectories

/// What the shell completes for each kind of value (`landscape --generate-completion-script
/// bash|zsh|fish`): the catalogs' names, the layouts, colormaps and styles, and files by extension.
enum Completions {
    static let surfaces = CompletionKind.list(SurfaceCatalog.standard.names)
    static let optimizers = CompletionKind.list(OptimizerCatalog.standard.names)
    static let layouts = CompletionKind.list(FigureLayout.allCases.map(\.rawValue))
    static let networkLayouts = CompletionKind.list(NetRenderCommand.layouts)
    static let sweepLayouts = CompletionKind.list(["map", "theory", "paths"])
    static let colormaps = CompletionKind.list(Colormap.names)
    static let styles = CompletionKind.list(Style.builtIn.map(\.name))
    static let scenes = CompletionKind.file(extensions: ["yaml", "yml", "json"])
    static let gridFiles = CompletionKind.file(extensions: ["h5", "hdf5", "npy", "npz", "csv"])
    static let pathFiles = CompletionKind.file(extensions: ["h5", "hdf5", "json", "csv"])
    static let runFiles = CompletionKind.file(extensions: ["json"])
}
