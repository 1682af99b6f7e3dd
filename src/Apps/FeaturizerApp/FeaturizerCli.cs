using System.CommandLine;

namespace ActorNet.FeaturizerApp;

/// <summary>FeaturizerApp's command line: SparkNet's FeaturizerApp (one feature vector per image from a named blob).</summary>
internal static class FeaturizerCli
{
    /// <summary>The default master: a seed and two worker processes on this machine, as the training apps.</summary>
    public const string DefaultMaster = "local-cluster[2]";

    public static RootCommand Build()
    {
        var master = new Option<string>("--master") { Description = $"Cluster master: local-cluster[N] (N worker processes on this machine; default {DefaultMaster}), local[N] (N task slots in this process), actornet://host:port (a running cluster).", DefaultValueFactory = _ => DefaultMaster };
        var model = new Option<string>("--model") { Description = "The weights: a Caffe .caffemodel, or the model.caffemodel MnistApp, CifarApp and ImageNetApp write (TrainedModel.Save).", Required = true };
        var net = new Option<string?>("--net") { Description = "The net prototxt: a deploy net (Input layers) or a train/test net (its TEST Data layer's transform_param is used). Default: the .prototxt beside --model." };
        var data = new Option<string>("--data") { Description = "Folder with the images: Fashion-MNIST/MNIST IDX files, CIFAR-10 binary batches, or ImageNet's train.txt/val.txt and train/ val/ tar shards. Every worker reads it.", Required = true };
        var input = new Option<string?>("--input") { Description = "mnist, cifar or imagenet (default: told from the files in --data)." };
        var split = new Option<string>("--split") { Description = "test (t10k-*, test_batch.bin, val/; the default) or train.", DefaultValueFactory = _ => "test" };
        var blob = new Option<string>("--blob") { Description = "The blob whose values are each image's features (e.g. fc7, ip1).", Required = true };
        var output = new Option<string>("--out") { Description = "New folder for the part files (part-00000, …, _SUCCESS).", Required = true };
        var format = new Option<string>("--format") { Description = "text (one 'label,f1,f2,…' line per image; the default) or object (SaveAsObjectFile of (int Label, float[] Features); read back with ObjectFile<(int, float[])>).", DefaultValueFactory = _ => "text" };
        var workers = new Option<int?>("--workers") { Description = "Partitions for MNIST and CIFAR (default: the master's parallelism); ImageNet has one per tar." };
        var scale = new Option<float?>("--scale") { Description = "Pixel scale after the mean (default: the net's TEST transform_param, else 0.00390625 for mnist as MnistApp trains, 1 otherwise)." };
        var mean = new Option<string?>("--mean") { Description = "Mean image (.binaryproto) to subtract (default: mean.binaryproto beside --model, as CifarApp and ImageNetApp write, else the net's mean_file)." };
        var crop = new Option<int?>("--crop") { Description = "Centre crop size (default: the net's TEST crop_size, else the net's input size when the images are larger)." };
        var resize = new Option<int>("--resize") { Description = "ImageNet: the square size JPEGs are resized to before the crop (default 256, as ImageNetApp).", DefaultValueFactory = _ => 256 };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for the kernels (default: all cores, or ACTORNET_THREADS)." };
        var root = new RootCommand("FeaturizerApp: SparkNet's FeaturizerApp — runs a trained net over images on the workers and writes one feature vector per image from a named blob.")
        {
            master, model, net, data, input, split, blob, output, format, workers, scale, mean, crop, resize, threads,
        };
        root.SetAction(result =>
        {
            var error = result.InvocationConfiguration.Error;
            try
            {
                string splitName = result.GetValue(split)!;
                if (splitName is not ("test" or "train")) throw new ArgumentException($"--split {splitName} is unknown; the splits are test and train.");
                var settings = new FeaturizerSettings(
                    result.GetValue(master)!, result.GetValue(model)!, result.GetValue(net), result.GetValue(data)!, result.GetValue(input), splitName == "train",
                    result.GetValue(blob)!, result.GetValue(output)!, result.GetValue(format)!, result.GetValue(workers), result.GetValue(scale),
                    result.GetValue(mean), result.GetValue(crop), result.GetValue(resize), result.GetValue(threads));
                return Featurization.Run(settings, result.InvocationConfiguration.Output, error);
            }
            catch (Exception e) when (e is IOException or FormatException or ArgumentException or UnauthorizedAccessException or NotSupportedException
                                      or InvalidOperationException or ActorNet.Rdd.RddJobException)
            {
                error.WriteLine($"FeaturizerApp: {(e is ActorNet.Rdd.RddJobException { TaskExceptionMessage: string task } && !e.Message.Contains(task, StringComparison.Ordinal) ? $"{e.Message}: {task}" : e.Message)}");
                return 1;
            }
        });
        return root;
    }
}
