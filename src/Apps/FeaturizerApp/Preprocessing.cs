using System.Globalization;
using ActorNet.Gpu;
using ActorNet.Training;

namespace ActorNet.FeaturizerApp;

/// <summary>
/// How images become the net's input: the TEST data layer's <c>transform_param</c> when the net prototxt has one
/// (a train/test net), else the layout's training app's (MnistApp's 1/256 scale); --scale, --mean and --crop override
/// it. The mean image defaults to the mean.binaryproto beside --model (what CifarApp and ImageNetApp write). Mirroring
/// is off: features are deterministic.
/// </summary>
internal sealed record Preprocessing(TransformationParameter Transform, BlobData? Mean, string? MeanPath)
{
    /// <summary>For the summary line: e.g. <c>scale 0.00390625, no mean, no crop</c>.</summary>
    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"scale {Transform.Scale}, {(MeanPath is null ? "no mean" : $"mean {MeanPath}")}, {(Transform.CropSize > 0 ? $"centre crop {Transform.CropSize}" : "no crop")}");

    public static Preprocessing For(FeaturizerSettings settings, ImageSource source, string netPath)
    {
        var net = ProtoLoader.LoadNetPrototxt(netPath);
        var layer = net.Layer.FirstOrDefault(l => l.Type is "Data" or "ImageData" && l.Include.Any(r => r.Phase == Phase.Test))
            ?? net.Layer.FirstOrDefault(l => l.Type is "Data" or "ImageData" && l.Include.Count == 0);
        var transform = layer?.TransformParam?.Clone() ?? new TransformationParameter();
        transform.Mirror = false;
        transform.Scale = settings.Scale ?? (layer?.TransformParam?.HasScale == true ? transform.Scale : source.DefaultScale);
        if (settings.Crop is int crop) transform.CropSize = (uint)crop;

        string besideModel = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.ModelPath))!, "mean.binaryproto");
        if (settings.MeanPath is not null) transform.MeanValue.Clear();
        string? meanPath = settings.MeanPath
            ?? (File.Exists(besideModel) && transform.MeanValue.Count == 0 ? besideModel : null)
            ?? (transform.HasMeanFile ? Path.GetFullPath(transform.MeanFile, Path.GetDirectoryName(Path.GetFullPath(netPath))!) : null);
        if (meanPath is not null && !File.Exists(meanPath))
            throw new FileNotFoundException(settings.MeanPath is not null
                ? $"--mean {meanPath} does not exist."
                : $"{netPath}'s TEST data layer subtracts the mean file {transform.MeanFile}, which is not there and no mean.binaryproto is beside --model; pass it with --mean.", meanPath);
        BlobData? mean = null;
        if (meanPath is null) transform.ClearMeanFile();
        else
        {
            transform.MeanFile = meanPath;
            mean = CaffeModel.ReadBinaryProto(meanPath);
        }
        return new Preprocessing(transform, mean, meanPath);
    }

    /// <summary>
    /// This preprocessing with the crop the model's input needs when none was given (a centre crop to the net's square
    /// input), after checking that the preprocessed images have the model's input shape.
    /// </summary>
    public Preprocessing FittedTo(TrainedModel model, ImageSource source, string netPath)
    {
        var (channels, height, width) = source.Shape;
        var input = model.InputShape;
        int crop = (int)Transform.CropSize;
        if (crop > Math.Min(height, width))
            throw new ArgumentException($"the crop {crop} is larger than the {height}x{width} images{(source.Format == "imagenet" ? " (raise --resize)" : "")}.");
        var transform = Transform.Clone();
        if (input.Count == 3)
        {
            if (input[0] != channels)
                throw new ArgumentException($"{netPath} takes {input[0]}-channel images; {source.Format} images have {channels}.");
            if (crop == 0 && (input[1], input[2]) != (height, width))
            {
                if (input[1] != input[2] || input[1] > Math.Min(height, width))
                    throw new ArgumentException($"{netPath} takes {input[1]}x{input[2]} images; the {source.Format} images are {height}x{width}{(source.Format == "imagenet" ? " (set --resize)" : "")}.");
                transform.CropSize = (uint)input[1];
                crop = input[1];
            }
        }
        int length = crop > 0 ? channels * crop * crop : channels * height * width;
        if (length != model.SampleLength)
            throw new ArgumentException($"{netPath}'s input takes {model.SampleLength} values per sample ([{string.Join(", ", input)}]); the preprocessed {source.Format} images have {length}{(crop > 0 ? $" ({channels}x{crop}x{crop} after the crop)" : "")}.");
        // Built once here, so a mean image of the wrong shape fails on the driver rather than in every task.
        _ = new DataTransformer(transform, Phase.Test, channels, height, width, Mean, 0);
        return this with { Transform = transform };
    }
}
