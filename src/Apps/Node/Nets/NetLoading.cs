using System.CommandLine;
using ActorNet.Gpu;

namespace ActorNet.Node.Nets;

/// <summary>What the train, test and time commands share: threads, weights files, data feeds.</summary>
internal static class NetLoading
{
    public static void ApplyThreads(int? threads)
    {
        if (threads is null) return;
        if (threads < 1) throw new ArgumentException($"--threads must be at least 1, not {threads}");
        ComputeSettings.ThreadCount = threads.Value;
    }

    /// <summary>
    /// Loads a model prototxt for test/time: checks the file exists, prints the loader's warnings to
    /// <paramref name="error"/>, and returns the folder relative data sources are taken from.
    /// </summary>
    public static NetParameter LoadModel(string modelPath, TextWriter error, out string baseDirectory)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"model file {modelPath} does not exist", modelPath);
        NetParameter param = ProtoLoader.LoadNetPrototxt(modelPath, out var warnings);
        PrintWarnings(error, warnings);
        baseDirectory = Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".";
        return param;
    }

    /// <summary>Checks Caffe's --iterations: at least one.</summary>
    public static int RequireIterations(int count) =>
        count >= 1 ? count : throw new ArgumentException($"--iterations must be at least 1, not {count}");

    /// <summary>Copies weights from each file of a comma-separated list (Caffe's --weights), naming the file on error.</summary>
    public static void CopyWeights(Net net, string weights)
    {
        foreach (string path in weights.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"weights file {path} does not exist", path);
            net.CopyTrainedLayersFrom(path);
        }
    }

    /// <summary>A line saying where a net's data comes from, or null when it has no data layer.</summary>
    public static string? Describe(DataLayerFeed feed, Phase phase) => feed.Batches is null || feed.Folder is null
        ? null
        : $"{phase} data: batches of {NetText.Shape(feed.Batches.DataShape)} from {feed.Folder}";

    /// <summary>The --device option of train, test and time.</summary>
    public static Option<string> DeviceOption() => new("--device")
    {
        Description = "Where the net runs: cpu (default), cuda, cuda:N (an NVIDIA GPU) or ilgpu-cpu (the GPU kernels on CPU threads, for checking).",
        DefaultValueFactory = _ => "cpu",
    };

    /// <summary>Parses --device and checks that this machine can run it, as a user error naming what is missing.</summary>
    public static ComputeDevice Device(string text)
    {
        ComputeDevice device;
        try
        {
            device = ComputeDevice.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"--device: {e.Message}", e);
        }
        try
        {
            device.EnsureAvailable();
        }
        catch (ComputeDeviceUnavailableException e)
        {
            throw new ArgumentException(e.Message, e);
        }
        return device;
    }

    /// <summary>Builds a net, turning what the net cannot be built from (a kernel larger than its input, a missing bottom) into a user error naming the file.</summary>
    public static Net Build(NetParameter param, Phase phase, string file, int seed = 1701, ComputeDevice? device = null)
    {
        try
        {
            return new Net(param, phase, device ?? ComputeDevice.Cpu, seed);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or KeyNotFoundException)
        {
            throw new ArgumentException($"{file}: cannot build the {phase} net: {e.Message}", e);
        }
    }

    public static void PrintWarnings(TextWriter error, IEnumerable<string> warnings)
    {
        foreach (string warning in warnings) error.WriteLine($"warning: {warning}");
    }
}
