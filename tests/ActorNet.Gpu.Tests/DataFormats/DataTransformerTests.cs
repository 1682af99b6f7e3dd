namespace ActorNet.Gpu.Tests.DataFormats;

public class DataTransformerTests
{
    // A 2x3x4 image whose pixel value encodes its position: 100c + 10h + w.
    private static byte[] Image() =>
        [.. from c in Enumerable.Range(0, 2) from h in Enumerable.Range(0, 3) from w in Enumerable.Range(0, 4) select (byte)(100 * c + 10 * h + w)];

    private static float[] Run(DataTransformer t, byte[] image)
    {
        var output = new float[t.OutputSize];
        t.Transform(image, output);
        return output;
    }

    [Fact]
    public void Scale_and_per_channel_mean_values()
    {
        var p = new TransformationParameter { Scale = 0.5f, MeanValue = { 1f, 101f } };
        float[] output = Run(new DataTransformer(p, Phase.Test, 2, 3, 4), Image());
        Assert.Equal([2, 3, 4], new DataTransformer(p, Phase.Test, 2, 3, 4).OutputShape);
        Assert.Equal((0 - 1) * 0.5f, output[0]);
        Assert.Equal((123 - 101) * 0.5f, output[23]);

        var single = new TransformationParameter { MeanValue = { 10f } };
        Assert.Equal(123 - 10, Run(new DataTransformer(single, Phase.Train, 2, 3, 4), Image())[23]);
    }

    [Fact]
    public void Mean_file_is_subtracted_at_the_original_coordinates_of_a_centre_crop()
    {
        string dir = Directory.CreateTempSubdirectory("actornet-mean").FullName;
        try
        {
            float[] meanData = [.. Enumerable.Range(0, 24).Select(i => i * 0.25f)];
            CaffeModel.WriteBinaryProto(Path.Combine(dir, "mean.binaryproto"), new BlobData([1, 2, 3, 4], meanData));
            var p = new TransformationParameter { MeanFile = "mean.binaryproto", CropSize = 2, Scale = 2f };
            DataTransformer t = DataTransformer.Create(p, Phase.Test, 2, 3, 4, baseDirectory: dir);
            float[] output = Run(t, Image());
            Assert.Equal([2, 2, 2], t.OutputShape);
            // Centre crop of 3x4 to 2x2 starts at row (3-2)/2 = 0, column (4-2)/2 = 1.
            int[] sources = [1, 2, 5, 6, 13, 14, 17, 18];
            byte[] image = Image();
            Assert.Equal(sources.Select(s => (image[s] - meanData[s]) * 2f), output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Train_crops_are_random_windows_and_repeatable_with_a_seed()
    {
        var p = new TransformationParameter { CropSize = 2 };
        var seen = new HashSet<(int, int)>();
        var a = new DataTransformer(p, Phase.Train, 2, 3, 4, seed: 7);
        var b = new DataTransformer(p, Phase.Train, 2, 3, 4, seed: 7);
        for (int i = 0; i < 200; i++)
        {
            float[] output = Run(a, Image());
            Assert.Equal(output, Run(b, Image()));
            int row = (int)output[0] / 10, column = (int)output[0] % 10;
            Assert.InRange(row, 0, 1);
            Assert.InRange(column, 0, 2);
            Assert.Equal([output[0], output[0] + 1, output[0] + 10, output[0] + 11], output[..4]);
            Assert.Equal(output[0] + 100, output[4]);
            seen.Add((row, column));
        }
        Assert.Equal(6, seen.Count);
    }

    [Fact]
    public void Mirror_flips_rows_left_to_right_about_half_the_time()
    {
        var t = new DataTransformer(new TransformationParameter { Mirror = true }, Phase.Train, 2, 3, 4, seed: 1);
        int flipped = 0;
        for (int i = 0; i < 400; i++)
        {
            float[] output = Run(t, Image());
            if (output[0] == 3)
            {
                flipped++;
                Assert.Equal([3f, 2f, 1f, 0f, 13f, 12f, 11f, 10f], output[..8]);
            }
            else Assert.Equal([0f, 1f, 2f, 3f], output[..4]);
        }
        Assert.InRange(flipped, 140, 260);
    }

    [Fact]
    public void Batches_carry_labels_and_bad_settings_are_errors()
    {
        var images = new LabeledImages([.. Image(), .. Image()], [4, 7], 2, 3, 4);
        var t = new DataTransformer(new TransformationParameter { Scale = 1f / 255 }, Phase.Test, 2, 3, 4);
        var data = new float[2 * 24];
        var labels = new float[2];
        t.TransformBatch(images, 0, 2, data, labels);
        Assert.Equal([4f, 7f], labels);
        Assert.Equal(123 * (1f / 255), data[47]);

        Assert.Throws<ArgumentException>(() => new DataTransformer(new TransformationParameter { CropSize = 4 }, Phase.Test, 2, 3, 4));
        Assert.Throws<ArgumentException>(() => new DataTransformer(new TransformationParameter { MeanValue = { 1, 2, 3 } }, Phase.Test, 2, 3, 4));
        Assert.Throws<ArgumentException>(() => new DataTransformer(new TransformationParameter { MeanFile = "m", MeanValue = { 1 } }, Phase.Test, 2, 3, 4));
        Assert.Throws<ArgumentException>(() => new DataTransformer(new TransformationParameter { MeanFile = "m" }, Phase.Test, 2, 3, 4,
            new BlobData([1, 2, 4, 3], new float[24])));
        Assert.Throws<ArgumentException>(() => t.Transform(new byte[5], new float[24]));
    }
}
