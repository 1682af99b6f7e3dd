using System.Globalization;
using System.Text;
using ActorNet.Gpu;
using ActorNet.Rdd;
using ActorNet.Training;

namespace ActorNet.FeaturizerApp;

/// <summary>
/// SparkNet's FeaturizerApp: loads a trained net, reads the images on the workers, preprocesses them as the net's
/// TEST data layer would (scale, mean image, centre crop; never a mirror) and writes each image's values of one blob,
/// in input order, as text lines <c>label,f1,f2,…</c> (Spark's saveAsTextFile layout) or with SaveAsObjectFile as
/// <c>(int Label, float[] Features)</c> pairs.
/// </summary>
internal static class Featurization
{
    public static int Run(FeaturizerSettings settings, TextWriter output, TextWriter error)
    {
        settings.Validate();
        var source = ImageSource.Locate(settings.DataFolder, settings.Input, settings.Train, settings.Resize);
        if (settings.Threads is int t) ComputeSettings.ThreadCount = t;

        string netPath = settings.NetPath ?? Path.ChangeExtension(settings.ModelPath, ".prototxt");
        if (!File.Exists(settings.ModelPath)) throw new FileNotFoundException($"--model {settings.ModelPath} does not exist.", settings.ModelPath);
        if (!File.Exists(netPath))
            throw new FileNotFoundException(settings.NetPath is null
                ? $"no --net given, and {netPath} (the net definition TrainedModel.Save writes beside the .caffemodel) does not exist."
                : $"--net {netPath} does not exist.", netPath);

        var preprocessing = Preprocessing.For(settings, source, netPath);
        var (channels, height, width) = source.Shape;
        int? crop = preprocessing.Transform.CropSize > 0 ? (int)preprocessing.Transform.CropSize : null;
        var model = TrainedModel.Load(netPath, settings.ModelPath, (channels, crop ?? height, crop ?? width));
        preprocessing = preprocessing.FittedTo(model, source, netPath);

        using var context = new ClusterContext(settings.Master, "FeaturizerApp");
        int partitions = settings.Workers ?? context.DefaultParallelism;
        var warnings = context.CollectionAccumulator<string>("data warnings");
        var images = source.Read(context, partitions, warnings);
        var samples = ImagePreprocessing.Transform(images, preprocessing.Transform, Phase.Test, channels, height, width, preprocessing.Mean, seed: 0);
        var featurized = context.LongAccumulator("featurized images");
        var features = model.Featurize(samples, settings.Blob).Map(row =>
        {
            featurized.Add(1);
            return row;
        });
        if (settings.Format == "text") features.Map(Line).SaveAsTextFile(settings.OutputPath);
        else features.SaveAsObjectFile(settings.OutputPath);

        foreach (string warning in warnings.Value.Distinct()) error.WriteLine($"FeaturizerApp: warning: {warning}");
        int values = model.BlobShape(settings.Blob).Aggregate(1, (a, d) => a * d);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"featurized {featurized.Value} {source.Format} images ({(settings.Train ? "train" : "test")} split of {source.Folder}) with {Path.GetFileName(settings.ModelPath)}: blob {settings.Blob} ({values} values each), {preprocessing.Description}; {settings.Format} in {Path.GetFullPath(settings.OutputPath)} (master {settings.Master}, {partitions} partitions)"));
        return 0;
    }

    /// <summary>A text line of the output: the label, then the features with round-trip precision.</summary>
    internal static string Line((int Label, float[] Features) row)
    {
        var line = new StringBuilder();
        line.Append(row.Label.ToString(CultureInfo.InvariantCulture));
        foreach (float f in row.Features) line.Append(',').Append(f.ToString("R", CultureInfo.InvariantCulture));
        return line.ToString();
    }
}
