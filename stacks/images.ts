import * as pulumi from "@pulumi/pulumi";

/**
 * Where a stack's releases pull their images from: the platform's Harbor, through its proxy-cache projects,
 * and what must exist before a release pulls (the projects it reads and Harbor's DNS record), so that the
 * order of a first `pulumi up` is right by construction.
 */
export interface ImageSource {
    /** Harbor's host name. */
    readonly harbor: pulumi.Input<string>;
    /** ks-core's `global.imageRegistry`: Harbor's Docker Hub proxy cache (KubeSphere's images are on Docker Hub). */
    readonly kubesphereRegistry: pulumi.Input<string>;
    /** What a release pulling through Harbor depends on. */
    readonly ready: pulumi.Input<pulumi.Resource>[];
}

/** Harbor's proxy-cache project of Docker Hub (config/registry.yaml), where KubeSphere's images come through. */
export const DOCKER_HUB_PROXY = "dockerhub";

/** The image source of a stack whose releases pull through Harbor at `hostname`, once `ready` exists. */
export function harborImageSource(hostname: pulumi.Input<string>, ready: pulumi.Input<pulumi.Resource>[]): ImageSource {
    return { harbor: hostname, kubesphereRegistry: pulumi.interpolate`${hostname}/${DOCKER_HUB_PROXY}`, ready };
}
