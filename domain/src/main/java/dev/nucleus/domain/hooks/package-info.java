/** OCI lifecycle hooks ({@code --hooks}): what runs at which point of a launch. */
package dev.nucleus.domain.hooks;
