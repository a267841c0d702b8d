using Cameras.Transcode.Jobs;
using Microsoft.Extensions.Options;

namespace Cameras.Transcode;

/// <summary>What data annotations cannot say of <see cref="TranscodeOptions"/>: the queues named must exist.</summary>
public sealed class TranscodeOptionsValidator : IValidateOptions<TranscodeOptions>
{
    public ValidateOptionsResult Validate(string? name, TranscodeOptions options) => JobQueues.Parse(options.Queues) is null
        ? ValidateOptionsResult.Fail(
            $"Cameras:Transcode:Queues is '{options.Queues}': name one or more of {string.Join(", ", JobQueues.All)}, comma-separated.")
        : ValidateOptionsResult.Success;
}
