/**
 * Questions as Markdown with front matter: loading ({@link org.deepdrill.content.ContentLoader}), validation
 * and rendering to HTML. Pure: no JavaFX, no DJL.
 */
package org.deepdrill.content;
