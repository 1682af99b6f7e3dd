namespace ActorNet.Gpu.Backends;

/// <summary>
/// Every kernel the layers and solvers need, on buffers + offsets so that no host array leaks out of a
/// kernel. The CPU backend is the default; the ILGPU backend (CUDA GPUs, and ILGPU's CPU accelerator in tests)
/// implements the same contract and is checked against it. Matrices are row-major as in Caffe's math_functions; parameter diffs accumulate (+=)
/// where Caffe accumulates them, bottom diffs are overwritten.
/// </summary>
internal interface IComputeBackend
{
    /// <summary>Short name for logs and benchmark tables.</summary>
    string Name { get; }

    /// <summary>Allocates a zero-filled buffer of <paramref name="length"/> floats.</summary>
    DeviceBuffer Allocate(int length);

    /// <summary>Copies host values into the buffer at an offset.</summary>
    void Upload(ReadOnlySpan<float> source, DeviceBuffer destination, int offset);

    /// <summary>Copies buffer values starting at an offset into host memory.</summary>
    void Download(DeviceBuffer source, int offset, Span<float> destination);

    /// <summary>Waits until every kernel queued so far has finished (GPU kernels run asynchronously; timers call this).</summary>
    void Synchronize();

    // ---- BLAS-like -------------------------------------------------------------------------------

    /// <summary>C = alpha*op(A)*op(B) + beta*C, A is m x k after op, B is k x n, C is m x n, all dense.</summary>
    void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, DeviceBuffer a, int aOffset,
        DeviceBuffer b, int bOffset, float beta, DeviceBuffer c, int cOffset);

    /// <summary>x[i] = value.</summary>
    void Set(int n, float value, DeviceBuffer x, int offset);

    /// <summary>y = x.</summary>
    void Copy(int n, DeviceBuffer x, int xOffset, DeviceBuffer y, int yOffset);

    /// <summary>y += alpha * x.</summary>
    void Axpy(int n, float alpha, DeviceBuffer x, int xOffset, DeviceBuffer y, int yOffset);

    /// <summary>y = alpha * x + beta * y.</summary>
    void Axpby(int n, float alpha, DeviceBuffer x, int xOffset, float beta, DeviceBuffer y, int yOffset);

    /// <summary>x *= alpha.</summary>
    void Scale(int n, float alpha, DeviceBuffer x, int offset);

    /// <summary>y = a * b elementwise (y may alias a or b).</summary>
    void Mul(int n, DeviceBuffer a, int aOffset, DeviceBuffer b, int bOffset, DeviceBuffer y, int yOffset);

    /// <summary>y += alpha * sign(x) (L1 regularization).</summary>
    void AddSign(int n, float alpha, DeviceBuffer x, int xOffset, DeviceBuffer y, int yOffset);

    /// <summary>Sum of x * y.</summary>
    float Dot(int n, DeviceBuffer x, int xOffset, DeviceBuffer y, int yOffset);

    /// <summary>Sum of |x|.</summary>
    float Asum(int n, DeviceBuffer x, int offset);

    /// <summary>Sum of x squared.</summary>
    float SumSquares(int n, DeviceBuffer x, int offset);

    /// <summary>Fills mask with 1 where a uniform draw is below <paramref name="keep"/>, else 0.</summary>
    void Bernoulli(int n, float keep, Random random, DeviceBuffer mask, int offset);

    // ---- per-channel (outer x channels x inner) ------------------------------------------------

    /// <summary>result[c] = beta*result[c] + alpha * sum over outer and inner of x[o, c, i].</summary>
    void ChannelSum(int outer, int channels, int inner, float alpha, DeviceBuffer x, int xOffset,
        float beta, DeviceBuffer result, int resultOffset);

    /// <summary>result[c] = beta*result[c] + alpha * sum over outer and inner of x[o,c,i] * y[o,c,i].</summary>
    void ChannelDot(int outer, int channels, int inner, float alpha, DeviceBuffer x, int xOffset,
        DeviceBuffer y, int yOffset, float beta, DeviceBuffer result, int resultOffset);

    /// <summary>y[o,c,i] = x[o,c,i] * scale[c] + (bias is null ? 0 : bias[c]); y may alias x.</summary>
    void ChannelAffine(int outer, int channels, int inner, DeviceBuffer x, int xOffset,
        DeviceBuffer scale, int scaleOffset, DeviceBuffer? bias, int biasOffset, DeviceBuffer y, int yOffset);

    /// <summary>y[o,c,i] += alpha * v[c].</summary>
    void ChannelAdd(int outer, int channels, int inner, float alpha, DeviceBuffer v, int vOffset,
        DeviceBuffer y, int yOffset);

    /// <summary>Per-element v = (v + add)^power on a small vector (BatchNorm's variance to inverse std).</summary>
    void AddPow(int n, float add, float power, DeviceBuffer v, int offset);

    // ---- convolution -------------------------------------------------------------------------------

    /// <summary>Caffe's im2col for one image.</summary>
    void Im2Col(in ConvGeometry g, DeviceBuffer image, int imageOffset, DeviceBuffer col, int colOffset);

    /// <summary>Caffe's col2im for one image: the image is overwritten with the summed columns.</summary>
    void Col2Im(in ConvGeometry g, DeviceBuffer col, int colOffset, DeviceBuffer image, int imageOffset);

    /// <summary>Forward convolution of <paramref name="num"/> images, plus bias per output channel.</summary>
    void ConvolutionForward(in ConvGeometry g, int num, DeviceBuffer input, DeviceBuffer weights,
        DeviceBuffer? bias, DeviceBuffer output);

    /// <summary>
    /// Backward convolution: accumulates into weightDiff and biasDiff (when given) and overwrites
    /// inputDiff (when given).
    /// </summary>
    void ConvolutionBackward(in ConvGeometry g, int num, DeviceBuffer input, DeviceBuffer weights,
        DeviceBuffer outputDiff, DeviceBuffer? weightDiff, DeviceBuffer? biasDiff, DeviceBuffer? inputDiff);

    // ---- pooling -----------------------------------------------------------------------------------

    /// <summary>Pools <paramref name="planes"/> planes; for MAX, mask receives the argmax (h*W+w) per output.</summary>
    void PoolForward(in PoolGeometry g, PoolMethod method, int planes, DeviceBuffer input, DeviceBuffer output,
        DeviceBuffer? mask);

    /// <summary>Overwrites inputDiff with the pooled gradient.</summary>
    void PoolBackward(in PoolGeometry g, PoolMethod method, int planes, DeviceBuffer outputDiff,
        DeviceBuffer? mask, DeviceBuffer inputDiff);

    // ---- activations -------------------------------------------------------------------------------

    /// <summary>y = x > 0 ? x : slope * x.</summary>
    void ReluForward(int n, float negativeSlope, DeviceBuffer x, DeviceBuffer y);

    /// <summary>dx = dy * (x > 0 ? 1 : slope); x is the layer input (or output, same sign).</summary>
    void ReluBackward(int n, float negativeSlope, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dx);

    /// <summary>y = 1 / (1 + e^-x).</summary>
    void SigmoidForward(int n, DeviceBuffer x, DeviceBuffer y);

    /// <summary>dx = dy * y * (1 - y).</summary>
    void SigmoidBackward(int n, DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx);

    /// <summary>y = tanh(x).</summary>
    void TanhForward(int n, DeviceBuffer x, DeviceBuffer y);

    /// <summary>dx = dy * (1 - y^2).</summary>
    void TanhBackward(int n, DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx);

    // ---- softmax, loss, accuracy -------------------------------------------------------------------

    /// <summary>Softmax over the channel axis of an (outer, channels, inner) tensor.</summary>
    void SoftmaxForward(int outer, int channels, int inner, DeviceBuffer x, DeviceBuffer y);

    /// <summary>dx = (dy - sum_c dy*y) * y.</summary>
    void SoftmaxBackward(int outer, int channels, int inner, DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx);

    /// <summary>Sum over positions of -log(max(prob[label], FLT_MIN)) and the count of non-ignored labels.</summary>
    (double Loss, int Valid) SoftmaxLoss(int outer, int channels, int inner, DeviceBuffer prob, DeviceBuffer labels,
        int? ignoreLabel);

    /// <summary>dx = scale * (prob - onehot(label)), zero at ignored positions.</summary>
    void SoftmaxLossBackward(int outer, int channels, int inner, DeviceBuffer prob, DeviceBuffer labels,
        int? ignoreLabel, float scale, DeviceBuffer dx);

    /// <summary>Caffe's top-k accuracy count: (correct, counted) over non-ignored positions.</summary>
    (int Correct, int Count) Accuracy(int outer, int channels, int inner, DeviceBuffer scores, DeviceBuffer labels,
        int topK, int? ignoreLabel);

    // ---- LRN ---------------------------------------------------------------------------------------

    /// <summary>
    /// scale = k + alpha/norm * (sum of x^2 over the window); y = x * scale^-beta. Across channels the
    /// window is size channels (norm = size); within a channel it is size x size pixels (norm = size^2).
    /// </summary>
    void LrnForward(bool acrossChannels, int num, int channels, int height, int width, int size, float alpha,
        float beta, float k, DeviceBuffer x, DeviceBuffer scale, DeviceBuffer y);

    /// <summary>Overwrites dx with LRN's gradient given x, its scale and output y.</summary>
    void LrnBackward(bool acrossChannels, int num, int channels, int height, int width, int size, float alpha,
        float beta, DeviceBuffer x, DeviceBuffer scale, DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx);

    // ---- eltwise max -------------------------------------------------------------------------------

    /// <summary>y = max(y, x), recording in mask the index of the winning input (first input initializes).</summary>
    void EltwiseMax(int n, int index, DeviceBuffer x, DeviceBuffer y, DeviceBuffer mask);

    /// <summary>dx = mask == index ? dy : 0.</summary>
    void EltwiseMaxBackward(int n, int index, DeviceBuffer dy, DeviceBuffer mask, DeviceBuffer dx);

    // ---- solver updates (Caffe's ComputeUpdateValue per rule); each turns diff into the step ------

    /// <summary>SGD: h = lr*g + momentum*h; g = h.</summary>
    void SgdUpdate(int n, float lr, float momentum, DeviceBuffer diff, DeviceBuffer history);

    /// <summary>Nesterov: h' = momentum*h + lr*g; g = (1+momentum)*h' - momentum*h.</summary>
    void NesterovUpdate(int n, float lr, float momentum, DeviceBuffer diff, DeviceBuffer history);

    /// <summary>AdaGrad: h += g^2; g = lr*g/(sqrt(h)+delta).</summary>
    void AdaGradUpdate(int n, float lr, float delta, DeviceBuffer diff, DeviceBuffer history);

    /// <summary>RMSProp: h = decay*h + (1-decay)*g^2; g = lr*g/(sqrt(h)+delta).</summary>
    void RmsPropUpdate(int n, float lr, float rmsDecay, float delta, DeviceBuffer diff, DeviceBuffer history);

    /// <summary>AdaDelta with gradient history h and update history u (Caffe's AdaDeltaSolver).</summary>
    void AdaDeltaUpdate(int n, float lr, float momentum, float delta, DeviceBuffer diff, DeviceBuffer history,
        DeviceBuffer updateHistory);

    /// <summary>Adam: m, v moments; g = lr*correction*m/(sqrt(v)+eps).</summary>
    void AdamUpdate(int n, float lr, float beta1, float beta2, float epsilon, float correction, DeviceBuffer diff,
        DeviceBuffer m, DeviceBuffer v);
}
