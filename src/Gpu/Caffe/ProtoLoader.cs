using Google.Protobuf;

namespace ActorNet.Gpu;

/// <summary>
/// Reads Caffe net and solver definitions (prototxt) the way Caffe does, and adapts them for
/// ActorNet (SparkNet's ProtoLoader). Nets are upgraded from legacy layouts (V1 <c>layers</c>,
/// <c>input_dim</c>) and checked: a name that is not in Caffe's schema, a layer type ActorNet does
/// not have, or a Caffe setting that would change the numbers but is not implemented throws
/// <see cref="PrototxtException"/> naming line:column and the field or layer. Settings that cannot
/// change the numbers (such as <c>engine</c>) are accepted and reported as warnings: the overloads
/// with an <c>out IReadOnlyList&lt;string&gt; warnings</c> parameter return them; the others drop them.
/// </summary>
public static class ProtoLoader
{
    /// <summary>Parses, upgrades and checks a net definition given as prototxt text.</summary>
    public static NetParameter ParseNetPrototxt(string text) => ParseNetPrototxt(text, out _);

    /// <summary>Parses, upgrades and checks a net definition; <paramref name="warnings"/> lists ignored settings.</summary>
    public static NetParameter ParseNetPrototxt(string text, out IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(text);
        NetParameter net = PrototxtParser.Parse<NetParameter>(text, out var positions);
        var found = new List<string>();
        PrepareNet(net, positions, found);
        warnings = found;
        return net;
    }

    /// <summary>Reads a net prototxt file; errors start with the file path.</summary>
    public static NetParameter LoadNetPrototxt(string path) => LoadNetPrototxt(path, out _);

    /// <summary>Reads a net prototxt file; errors start with the file path; <paramref name="warnings"/> lists ignored settings.</summary>
    public static NetParameter LoadNetPrototxt(string path, out IReadOnlyList<string> warnings)
    {
        string text = ReadFile(path);
        try
        {
            return ParseNetPrototxt(text, out warnings);
        }
        catch (PrototxtException e)
        {
            throw e.InFile(path);
        }
    }

    /// <summary>Parses a solver definition given as prototxt text; inline nets in it are upgraded and checked.</summary>
    public static SolverParameter ParseSolverPrototxt(string text) => ParseSolverPrototxt(text, out _);

    /// <summary>Parses a solver definition; <paramref name="warnings"/> lists settings ActorNet ignores.</summary>
    public static SolverParameter ParseSolverPrototxt(string text, out IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(text);
        SolverParameter solver = PrototxtParser.Parse<SolverParameter>(text, out var positions);
        var found = new List<string>();
        foreach (NetParameter net in InlineNets(solver)) PrepareNet(net, positions, found);
        SolverChecker.Check(solver, positions, found);
        warnings = found;
        return solver;
    }

    /// <summary>Reads a solver prototxt file; errors start with the file path. The <c>net</c> path is kept as written.</summary>
    public static SolverParameter LoadSolverPrototxt(string path) => LoadSolverPrototxt(path, out _);

    /// <summary>Reads a solver prototxt file; <paramref name="warnings"/> lists settings ActorNet ignores.</summary>
    public static SolverParameter LoadSolverPrototxt(string path, out IReadOnlyList<string> warnings)
    {
        string text = ReadFile(path);
        try
        {
            return ParseSolverPrototxt(text, out warnings);
        }
        catch (PrototxtException e)
        {
            throw e.InFile(path);
        }
    }

    /// <summary>
    /// Reads a solver file and makes <paramref name="net"/> its only net (as <c>net_param</c>),
    /// dropping whatever net files or inline nets the solver named — what SparkNet did so that
    /// each worker trains the net it was given (typically one passed through <see cref="ReplaceDataLayers"/>).
    /// </summary>
    public static SolverParameter LoadSolverPrototxtWithNet(string path, NetParameter net)
    {
        ArgumentNullException.ThrowIfNull(net);
        SolverParameter solver = LoadSolverPrototxt(path);
        solver.ClearNet();
        solver.ClearTrainNet();
        solver.TestNet.Clear();
        solver.TrainNetParam = null;
        solver.TestNetParam.Clear();
        solver.NetParam = net.Clone();
        return solver;
    }

    /// <summary>
    /// Returns a copy of <paramref name="net"/> whose Data, ImageData and MemoryData layers are
    /// replaced, at the place of the first of them, by Input layers fed by the caller, laid out as
    /// SparkNet's ReplaceDataLayers did with its RDDLayers: for each phase, one Input layer per top
    /// of the data layer, named after the top (normally "data" and "label"), included only in that
    /// phase, shaped (batch, channels, height, width) for the data and (batch, 1) for the label,
    /// with <paramref name="trainBatch"/> for TRAIN and <paramref name="testBatch"/> for TEST. A
    /// data layer without a phase rule yields both phases. A net without data layers is returned
    /// unchanged.
    /// </summary>
    public static NetParameter ReplaceDataLayers(NetParameter net, int trainBatch, int testBatch, int channels, int height, int width) =>
        DataLayerReplacer.Replace(net, trainBatch, testBatch, channels, height, width);

    /// <summary>
    /// Upgrades and checks a net that did not come from prototxt (built in code, read from a
    /// .caffemodel) exactly as a parsed one is; returns the warnings. Throws
    /// <see cref="PrototxtException"/> on what ActorNet cannot honour. The net is changed in place
    /// only by the upgrade of legacy layouts.
    /// </summary>
    public static IReadOnlyList<string> CheckNet(NetParameter net)
    {
        ArgumentNullException.ThrowIfNull(net);
        var found = new List<string>();
        PrepareNet(net, new Dictionary<IMessage, (int, int)>(ReferenceEqualityComparer.Instance), found);
        return found;
    }

    /// <summary>Formats any Caffe message (a net, a solver) as prototxt text that this loader and Caffe read back.</summary>
    public static string ToPrototxt(IMessage message) => PrototxtWriter.Write(message);

    private static void PrepareNet(NetParameter net, IReadOnlyDictionary<IMessage, (int Line, int Column)> positions, List<string> warnings)
    {
        NetUpgrader.Upgrade(net, positions, warnings);
        NetChecker.Check(net, positions, warnings);
    }

    private static IEnumerable<NetParameter> InlineNets(SolverParameter solver)
    {
        if (solver.NetParam is not null) yield return solver.NetParam;
        if (solver.TrainNetParam is not null) yield return solver.TrainNetParam;
        foreach (NetParameter test in solver.TestNetParam) yield return test;
    }

    private static string ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PrototxtException($"cannot read the file: {e.Message}", filePath: path, inner: e);
        }
    }
}
