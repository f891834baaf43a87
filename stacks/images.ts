import * as pulumi from "@pulumi/pulumi";
import { ImageMirror, ReleaseImages } from "../components/registry/mirror";

/**
 * Where a stack's releases pull their images from: the platform's Harbor, through its proxy-cache projects
 * (components/registry/mirror.ts), once what they need exists (the projects, Harbor's DNS record), so that the
 * order of a first `pulumi up` is right by construction. Harbor's own release pulls from upstream (the one
 * bootstrap exception: nothing can pull through Harbor before it runs).
 */
export function harborImages(mirror: pulumi.Input<ImageMirror>, ready: pulumi.Resource[]): ReleaseImages {
    return { mirror, ready };
}
